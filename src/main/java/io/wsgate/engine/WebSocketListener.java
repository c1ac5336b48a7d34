package io.wsgate.engine;

import java.nio.ByteBuffer;

/**
 * What the engine tells an endpoint about one connection. Calls for one connection never overlap.
 *
 * <p>Message data arrives in chunks exactly as it comes off the wire, so a listener chooses its own delivery
 * style (whole messages, partial messages, streams) without the engine buffering on its behalf; see
 * {@link MessageAssembler} for whole messages. Buffers passed in are only valid during the call.
 */
public interface WebSocketListener {

    /** The connection is open; {@code session} is the send side, valid until {@link #onClose}. */
    default void onOpen(WebSocketSession session) {}

    /**
     * A chunk of a text message: UTF-8 bytes already validated up to here (a code point may continue in the
     * next chunk). {@code last} ends the message.
     */
    void onTextChunk(ByteBuffer utf8, boolean last);

    /** A chunk of a binary message; {@code last} ends the message. */
    void onBinaryChunk(ByteBuffer data, boolean last);

    /** A ping arrived; the engine has already queued the pong. */
    default void onPing(ByteBuffer payload) {}

    /** A pong arrived, solicited or not. */
    default void onPong(ByteBuffer payload) {}

    /**
     * The connection is over, called exactly once. {@code code} is the peer's close code, the code the
     * engine closed with, or 1006 for an abnormal end (never sent on the wire).
     */
    default void onClose(int code, String reason) {}

    /**
     * As {@link #onClose(int, String)}, telling also whether wsgate itself ended the connection (a protocol error,
     * a limit, the idle or close timeout, a full outbound queue) rather than the peer or the endpoint. The engine
     * calls this one; by default it forwards to {@link #onClose(int, String)}.
     */
    default void onClose(int code, String reason, boolean byEngine) {
        onClose(code, reason);
    }

    /** A problem on this connection; {@link #onClose} follows when it ends the connection. */
    default void onError(Throwable cause) {}
}
