package io.wsgate.engine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Collects the chunks of one message into a whole. A message that arrives in a single chunk is copied once,
 * straight to its result; only a message in several chunks needs the buffer, allocated then and dropped after,
 * so an idle connection holds none.
 */
public final class MessageAssembler {

    private byte[] buffer;
    private int length;

    /** Adds a chunk; returns the complete text when {@code last}, else null. */
    public String text(ByteBuffer chunk, boolean last) {
        if (last && buffer == null) return decode(chunk);
        append(chunk);
        if (!last) return null;
        String text = new String(buffer, 0, length, StandardCharsets.UTF_8);
        clear();
        return text;
    }

    /** UTF-8 bytes (already validated) to a String, straight from the array where there is one. */
    private static String decode(ByteBuffer utf8) {
        if (utf8.hasArray()) {
            return new String(utf8.array(), utf8.arrayOffset() + utf8.position(), utf8.remaining(), StandardCharsets.UTF_8);
        }
        return StandardCharsets.UTF_8.decode(utf8).toString();
    }

    /** Adds a chunk; returns the complete message (a new buffer the caller owns) when {@code last}, else null. */
    public ByteBuffer binary(ByteBuffer chunk, boolean last) {
        if (last && buffer == null) {
            ByteBuffer copy = ByteBuffer.allocate(chunk.remaining());
            copy.put(chunk).flip();
            return copy;
        }
        append(chunk);
        if (!last) return null;
        ByteBuffer whole = ByteBuffer.wrap(buffer, 0, length);
        buffer = null;
        length = 0;
        return whole;
    }

    private void append(ByteBuffer chunk) {
        int n = chunk.remaining();
        if (buffer == null) {
            buffer = new byte[Math.max(n * 2, 256)];
        } else if (buffer.length - length < n) {
            long wanted = Math.max((long) length + n, (long) buffer.length * 2);
            if (wanted > Integer.MAX_VALUE - 8) throw new IllegalStateException("message too large to buffer");
            buffer = Arrays.copyOf(buffer, (int) wanted);
        }
        chunk.get(buffer, length, n);
        length += n;
    }

    /** Drops a partly collected message (e.g. when the connection fails). */
    public void clear() {
        buffer = null;
        length = 0;
    }
}
