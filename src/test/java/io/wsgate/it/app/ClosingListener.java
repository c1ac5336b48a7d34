package io.wsgate.it.app;

import io.wsgate.engine.WebSocketListener;
import io.wsgate.engine.WebSocketSession;

import java.nio.ByteBuffer;

/** Starts the closing handshake as soon as the connection opens, to test what follows a server-side close. */
public final class ClosingListener implements WebSocketListener {

    public static final int CODE = 4000;
    public static final String REASON = "closing at once";

    @Override
    public void onOpen(WebSocketSession session) {
        session.close(CODE, REASON);
    }

    @Override
    public void onTextChunk(ByteBuffer utf8, boolean last) {}

    @Override
    public void onBinaryChunk(ByteBuffer data, boolean last) {}
}
