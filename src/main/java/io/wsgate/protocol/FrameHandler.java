package io.wsgate.protocol;

import java.nio.ByteBuffer;

/** Receives what {@link FrameParser} finds. Payloads are unmasked and valid only during the call. */
public interface FrameHandler {

    /**
     * A data frame begins: {@code opcode} is TEXT or BINARY for a message's first frame and CONTINUATION after.
     * Called before any of the payload arrives, so limits can be enforced before anything is buffered.
     */
    void onDataFrame(int opcode, boolean fin, long payloadLength) throws ProtocolException;

    /** A piece of the current data frame's payload; {@code frameEnd} marks the last piece (which may be empty). */
    void onDataPayload(ByteBuffer payload, boolean frameEnd) throws ProtocolException;

    /** A whole control frame (CLOSE, PING or PONG); its payload is at most 125 bytes. */
    void onControlFrame(int opcode, ByteBuffer payload) throws ProtocolException;
}
