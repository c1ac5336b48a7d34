package io.wsgate.sample;

import io.wsgate.engine.WebSocketListener;
import io.wsgate.engine.WebSocketSession;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Sends every whole message back as it came: text as text, binary as binary. */
final class EchoListener implements WebSocketListener {

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
            // wsgate has validated the message's UTF-8, so decoding replaces nothing.
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
        if (failure != null && session.isOpen()) session.close(1011, "echo failed");
    }

    private static void append(ByteArrayOutputStream to, ByteBuffer chunk) {
        // A chunk is only valid during the call, so it is copied out at once.
        byte[] bytes = new byte[chunk.remaining()];
        chunk.get(bytes);
        to.writeBytes(bytes);
    }
}
