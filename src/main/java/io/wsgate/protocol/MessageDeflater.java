package io.wsgate.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * Compresses the messages one connection sends (RFC 7692 section 7.2.1): each message is deflated with a sync
 * flush and its trailing {@code 00 00 ff ff} removed.
 *
 * <p>Context takeover without a deflater per connection: a deflater is borrowed from the {@link DeflaterPool}
 * for each message, and what makes the next message refer back into earlier ones is a preset dictionary, the last
 * {@code historyBytes} of the messages sent compressed so far, kept on the heap. The client's inflater holds the
 * same bytes in its window (up to 32 KiB of them), so every back-reference lands on data it has. The connection
 * then costs {@code historyBytes} of heap once it has sent a compressed message, instead of a deflater's 260 KiB
 * of native memory for its whole life. Not thread-safe: the caller keeps messages in send order.
 */
public final class MessageDeflater {

    private static final int TAIL_LENGTH = 4;

    private final DeflaterPool pool;
    private final boolean huffmanOnly;
    /** Bytes of history kept for context takeover; 0 when every message is compressed on its own. */
    private final int historyBytes;
    private byte[] history;
    private int historyLength;

    /**
     * @param historyBytes how much of the previous messages the next one may refer back into (at most 32 KiB), used
     *                     only when {@code params} allow the server to keep its context
     */
    public MessageDeflater(DeflaterPool pool, DeflateParameters params, int historyBytes) {
        this.pool = pool;
        this.huffmanOnly = params.huffmanOnly();
        this.historyBytes = params.compressorKeepsContext() ? Math.min(historyBytes, 32 * 1024) : 0;
    }

    /** Whether compressing a message depends on the messages before it (no compressed message may be shared). */
    public boolean keepsContext() {
        return historyBytes > 0;
    }

    /**
     * The compressed payload of {@code message} (from its position to its limit, not consumed). With context
     * takeover, call {@link #sent} once the message is certain to go out, before compressing the next.
     */
    public ByteBuffer compress(ByteBuffer message) {
        Deflater d = pool.deflater(huffmanOnly);
        try {
            if (historyLength > 0) d.setDictionary(history, 0, historyLength);
            return deflate(d, message);
        } finally {
            pool.release(d, huffmanOnly);
        }
    }

    /** Compresses a message with no context: the same bytes for every connection with these parameters. */
    public static ByteBuffer compressAlone(DeflaterPool pool, boolean huffmanOnly, ByteBuffer message) {
        Deflater d = pool.deflater(huffmanOnly);
        try {
            return deflate(d, message);
        } finally {
            pool.release(d, huffmanOnly);
        }
    }

    private static ByteBuffer deflate(Deflater d, ByteBuffer message) {
        d.setInput(message.duplicate());
        int n = message.remaining();
        byte[] out = new byte[n + (n >> 7) + 64];
        int length = 0;
        while (true) {
            length += d.deflate(out, length, out.length - length, Deflater.SYNC_FLUSH);
            // Done once all input is taken and the flush's empty block is out. A call may also stop early: a full
            // buffer holds back output, and the first call after a strategy change only applies it.
            if (length < out.length && d.needsInput() && endsWithTail(out, length)) break;
            if (length == out.length) out = Arrays.copyOf(out, out.length * 2);
        }
        // A sync flush ends with an empty stored block, 00 00 ff ff, which the receiver appends again itself.
        int size = length - TAIL_LENGTH;
        // The outbound bound charges the compressed size: a queued message must not keep the work buffer, sized for
        // the uncompressed message, behind its few compressed bytes.
        if (out.length - size > 256) out = Arrays.copyOf(out, size);
        return ByteBuffer.wrap(out, 0, size);
    }

    private static boolean endsWithTail(byte[] out, int length) {
        return length >= TAIL_LENGTH && out[length - 4] == 0 && out[length - 3] == 0
                && out[length - 2] == (byte) 0xFF && out[length - 1] == (byte) 0xFF;
    }

    /** {@code message} went out compressed: the next message may refer back into it. */
    public void sent(ByteBuffer message) {
        if (historyBytes == 0) return;
        if (history == null) history = new byte[historyBytes];
        int n = message.remaining();
        if (n >= historyBytes) {
            message.get(message.position() + n - historyBytes, history, 0, historyBytes);
            historyLength = historyBytes;
            return;
        }
        int keep = Math.min(historyLength, historyBytes - n);
        System.arraycopy(history, historyLength - keep, history, 0, keep);
        message.get(message.position(), history, keep, n);
        historyLength = keep + n;
    }

    /** Heap held for context takeover now (tests). */
    public int heldBytes() {
        return history == null ? 0 : history.length;
    }
}
