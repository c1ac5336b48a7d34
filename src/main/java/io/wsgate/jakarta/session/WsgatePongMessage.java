package io.wsgate.jakarta.session;

import jakarta.websocket.PongMessage;

import java.nio.ByteBuffer;

/** A received pong; the payload is a private copy, valid after the handler returns. */
record WsgatePongMessage(ByteBuffer payload) implements PongMessage {

    @Override
    public ByteBuffer getApplicationData() {
        return payload.duplicate();
    }
}
