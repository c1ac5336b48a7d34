package io.wsgate.jakarta.session;

import java.nio.ByteBuffer;

/**
 * Receives the chunks of one incoming message, as the engine delivers them, in one delivery style (whole String,
 * partial byte[], decoded object...). A sink is chosen when a message starts and serves the whole message, even if
 * the session's handlers change meanwhile (WebSocket 2.2 section 2.1.3). The chunk is only valid during the call.
 */
interface MessageSink {

    void accept(ByteBuffer chunk, boolean last) throws Exception;

    /** Drops messages nobody registered a handler for. */
    MessageSink DISCARD = (chunk, last) -> {};
}
