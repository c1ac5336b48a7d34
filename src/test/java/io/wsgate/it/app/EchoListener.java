package io.wsgate.it.app;

import io.wsgate.engine.WebSocketSession;
import io.wsgate.engine.WholeMessageListener;

import java.nio.ByteBuffer;

/**
 * Echoes every whole message back: text as text, binary as binary, assembled by the engine's
 * {@link WholeMessageListener}. A failed echo closes the connection with 1011 so that a test sees it.
 */
public final class EchoListener extends WholeMessageListener {

    private WebSocketSession session;

    @Override
    public void onOpen(WebSocketSession session) {
        this.session = session;
    }

    @Override
    protected void onText(String message) {
        session.sendText(message, this::closeOnFailure);
    }

    @Override
    protected void onBinary(ByteBuffer message) {
        session.sendBinary(message, this::closeOnFailure);
    }

    private void closeOnFailure(Throwable failure) {
        if (failure != null && session.isOpen()) session.close(1011, "echo failed: " + failure.getClass().getSimpleName());
    }
}
