package io.wsgate.engine;

import java.nio.ByteBuffer;

/**
 * One frame waiting to be written: its header (with the payload too, when small) and, for a large payload, the
 * caller's buffer, written from where it stands without a copy. Write progress lives here, so a frame can go
 * out over several writes as the output stream becomes ready.
 */
public final class OutboundFrame {

    private final byte[] head;
    private int headWritten;
    private final ByteBuffer body;
    private final SendCallback callback;

    OutboundFrame(byte[] head, ByteBuffer body, SendCallback callback) {
        this.head = head;
        this.body = body;
        this.callback = callback;
    }

    /** Bytes this frame occupies in the outbound queue. */
    public long size() {
        return head.length + (body == null ? 0 : body.limit());
    }

    /** Whether every byte has been handed to the output. */
    public boolean isWritten() {
        return headWritten == head.length && (body == null || !body.hasRemaining());
    }

    /**
     * Hands up to {@code max} bytes to {@code out} and returns how many: the rest of the header first, then the
     * body (always array-backed: see {@link WebSocketConnection#dataFrame}).
     */
    public int writeTo(ByteSink out, int max) throws java.io.IOException {
        if (headWritten < head.length) {
            int n = Math.min(max, head.length - headWritten);
            out.write(head, headWritten, n);
            headWritten += n;
            return n;
        }
        int n = Math.min(max, body.remaining());
        out.write(body.array(), body.arrayOffset() + body.position(), n);
        body.position(body.position() + n);
        return n;
    }

    public SendCallback callback() {
        return callback;
    }

    /** Where frames are written: the container's output stream, or a test's buffer. */
    @FunctionalInterface
    public interface ByteSink {
        void write(byte[] bytes, int offset, int length) throws java.io.IOException;
    }
}
