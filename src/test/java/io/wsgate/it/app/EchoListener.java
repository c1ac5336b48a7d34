package io.wsgate.it.app;

import io.wsgate.engine.WebSocketListener;
import io.wsgate.engine.WebSocketSession;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Echoes every whole message back: text as text, binary as binary. It assembles chunks itself rather than using
 * the engine's MessageAssembler so that the integration tests do not depend on that class; a failed echo closes
 * the connection with 1011 so that a test sees it.
 */
public final class EchoListener implements WebSocketListener {

    private WebSocketSession session;
    private ByteArrayOutputStream text = new ByteArrayOutputStream();
    private ByteArrayOutputStream binary = new ByteArrayOutputStream();

    @Override
    public void onOpen(WebSocketSession session) {
        this.session = session;
    }

    @Override
    public void onTextChunk(ByteBuffer utf8, boolean last) {
        append(text, utf8);
        if (last) {
            // The engine validated the UTF-8 of the whole message, so decoding cannot replace anything.
            String message = text.toString(StandardCharsets.UTF_8);
            text = new ByteArrayOutputStream();
            session.sendText(message, this::closeOnFailure);
        }
    }

    @Override
    public void onBinaryChunk(ByteBuffer data, boolean last) {
        append(binary, data);
        if (last) {
            ByteBuffer message = ByteBuffer.wrap(binary.toByteArray());
            binary = new ByteArrayOutputStream();
            session.sendBinary(message, this::closeOnFailure);
        }
    }

    private void closeOnFailure(Throwable failure) {
        if (failure != null && session.isOpen()) session.close(1011, "echo failed: " + failure.getClass().getSimpleName());
    }

    private static void append(ByteArrayOutputStream to, ByteBuffer chunk) {
        // The buffer is only valid during the call: copy it out now.
        byte[] bytes = new byte[chunk.remaining()];
        chunk.get(bytes);
        to.writeBytes(bytes);
    }
}
