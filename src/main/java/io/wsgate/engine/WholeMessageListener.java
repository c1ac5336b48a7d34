package io.wsgate.engine;

import java.nio.ByteBuffer;

/** A listener that receives whole messages; the engine's message size limits bound what it buffers. */
public abstract class WholeMessageListener implements WebSocketListener {

    private final MessageAssembler assembler = new MessageAssembler();

    /** A complete text message. */
    protected abstract void onText(String message);

    /** A complete binary message, in a buffer the listener owns. */
    protected abstract void onBinary(ByteBuffer message);

    @Override
    public final void onTextChunk(ByteBuffer utf8, boolean last) {
        String text = assembler.text(utf8, last);
        if (text != null) onText(text);
    }

    @Override
    public final void onBinaryChunk(ByteBuffer data, boolean last) {
        ByteBuffer message = assembler.binary(data, last);
        if (message != null) onBinary(message);
    }
}
