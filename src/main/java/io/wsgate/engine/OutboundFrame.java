package io.wsgate.engine;

import io.wsgate.protocol.FrameHeader;
import io.wsgate.protocol.Masking;
import io.wsgate.protocol.MaskingKeys;

import java.nio.ByteBuffer;

/**
 * One frame waiting to be written: its header (with the payload too, when small) and, for a large payload, the
 * caller's buffer, written from where it stands without a copy. Write progress lives here, so a frame can go
 * out over several writes as the output stream becomes ready. Kept small (one per queued message): its charge
 * against the connection's outbound bound is computed from its size, not stored.
 */
public final class OutboundFrame {

    /** Payloads up to this size are copied next to the header; larger ones are written from the caller's buffer. */
    private static final int INLINE_PAYLOAD = 8 * 1024;

    private final byte[] head;
    private int headWritten;
    private final ByteBuffer body;
    private final SendCallback callback;
    /** Where this frame's charge goes back; null for a frame no connection counts. */
    private final OutboundBudget budget;

    private OutboundFrame(byte[] head, ByteBuffer body, SendCallback callback, OutboundBudget budget) {
        this.head = head;
        this.body = body;
        this.callback = callback;
        this.budget = budget;
    }

    /** Frames {@code payload} (from its position to its limit, not consumed) for a server connection's queue. */
    static OutboundFrame of(int opcode, boolean fin, ByteBuffer payload, SendCallback callback, OutboundBudget budget) {
        return of(opcode, fin, 0, payload, callback, budget, false);
    }

    /** As {@link #of(int, boolean, ByteBuffer, SendCallback, OutboundBudget)} with RSV bits (0x40: compressed). */
    static OutboundFrame of(int opcode, boolean fin, int rsv, ByteBuffer payload, SendCallback callback, OutboundBudget budget) {
        return of(opcode, fin, rsv, payload, callback, budget, false);
    }

    /**
     * Frames {@code payload} for a connection's queue, masked with a fresh key when {@code mask} (a client's
     * frames): the masked payload is always a copy, since the caller's buffer must stay as it was.
     */
    static OutboundFrame of(int opcode, boolean fin, ByteBuffer payload, SendCallback callback, OutboundBudget budget,
                            boolean mask) {
        return of(opcode, fin, 0, payload, callback, budget, mask);
    }

    static OutboundFrame of(int opcode, boolean fin, int rsv, ByteBuffer payload, SendCallback callback,
                            OutboundBudget budget, boolean mask) {
        if (mask) return masked(opcode, fin, rsv, payload, callback, budget);
        int n = payload.remaining();
        if (n <= INLINE_PAYLOAD) {
            byte[] frame = new byte[FrameHeader.length(n) + n];
            int h = FrameHeader.write(frame, 0, fin, rsv, opcode, n);
            payload.get(payload.position(), frame, h, n);
            return new OutboundFrame(frame, null, callback, budget);
        }
        byte[] header = new byte[FrameHeader.length(n)];
        FrameHeader.write(header, 0, fin, rsv, opcode, n);
        ByteBuffer body = payload;
        if (!payload.hasArray()) {
            // A direct or read-only buffer: servlet output streams take arrays, so copy once here.
            byte[] copy = new byte[n];
            payload.get(payload.position(), copy);
            body = ByteBuffer.wrap(copy);
        } else if (payload.position() != 0) {
            body = payload.slice();
        }
        return new OutboundFrame(header, body, callback, budget);
    }

    private static OutboundFrame masked(int opcode, boolean fin, int rsv, ByteBuffer payload, SendCallback callback,
                                        OutboundBudget budget) {
        int n = payload.remaining();
        int h = FrameHeader.length(n) + FrameHeader.MASK_KEY_LENGTH;
        int key = MaskingKeys.next();
        if (n <= INLINE_PAYLOAD) {
            byte[] frame = new byte[h + n];
            FrameHeader.write(frame, 0, fin, rsv, opcode, n, true);
            MaskingKeys.write(frame, h - FrameHeader.MASK_KEY_LENGTH, key);
            payload.get(payload.position(), frame, h, n);
            Masking.apply(frame, h, h + n, key, 0);
            return new OutboundFrame(frame, null, callback, budget);
        }
        byte[] header = new byte[h];
        FrameHeader.write(header, 0, fin, rsv, opcode, n, true);
        MaskingKeys.write(header, h - FrameHeader.MASK_KEY_LENGTH, key);
        byte[] body = new byte[n];
        payload.get(payload.position(), body);
        Masking.apply(body, 0, n, key, 0);
        return new OutboundFrame(header, ByteBuffer.wrap(body), callback, budget);
    }

    /** Bytes this frame puts on the wire. */
    public long size() {
        return head.length + (body == null ? 0 : body.limit());
    }

    /**
     * Whether this is the last frame of a text or binary message (FIN set, not a control frame): what counts a
     * message as sent, read from the header byte rather than kept in a field.
     */
    public boolean endsMessage() {
        int first = head[0];
        return (first & 0x80) != 0 && (first & 0x08) == 0;
    }

    /** What this frame is charged against the connection's outbound bound: its bytes and the objects around them. */
    public long charge() {
        // The masking key is left out, so a client's frame is charged what its admission charged (OutboundBudget#charge).
        boolean masked = (head[1] & 0x80) != 0;
        return size() - (masked ? FrameHeader.MASK_KEY_LENGTH : 0) + OutboundBudget.FRAME_OVERHEAD;
    }

    /** Whether every byte has been handed to the output. */
    public boolean isWritten() {
        return headWritten == head.length && (body == null || !body.hasRemaining());
    }

    /**
     * Hands up to {@code max} bytes to {@code out} and returns how many: the rest of the header first, then the
     * body (always array-backed: see {@link #of}).
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

    /**
     * The transport is done with this frame: written ({@code failure} null) or dropped. Gives its charge back to
     * the connection (which may resume a paused reader) and completes the send. Call it once, holding no lock.
     */
    public void complete(Throwable failure) {
        if (budget != null) budget.release(charge());
        callback.completed(failure);
    }

    /** Where frames are written: the container's output stream, or a test's buffer. */
    @FunctionalInterface
    public interface ByteSink {
        void write(byte[] bytes, int offset, int length) throws java.io.IOException;
    }
}
