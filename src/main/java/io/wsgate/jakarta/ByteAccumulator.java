package io.wsgate.jakarta;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** Collects the chunks of one message into one array, refusing to grow past a limit. */
final class ByteAccumulator {

    private final String kind;
    private final long limit;
    private byte[] bytes = new byte[256];
    private int size;

    /** @param limit most bytes accepted; 0 or less for no limit beyond the array size */
    ByteAccumulator(String kind, long limit) {
        this.kind = kind;
        this.limit = limit <= 0 ? Integer.MAX_VALUE - 8 : Math.min(limit, Integer.MAX_VALUE - 8);
    }

    void append(ByteBuffer chunk) throws MessageTooBigException {
        int n = chunk.remaining();
        if ((long) size + n > limit) throw new MessageTooBigException(kind, limit);
        if (size + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(limit, Math.max((long) bytes.length * 2, (long) size + n)));
        }
        chunk.duplicate().get(bytes, size, n);
        size += n;
    }

    byte[] toArray() {
        return bytes.length == size ? bytes : Arrays.copyOf(bytes, size);
    }

    ByteBuffer toBuffer() {
        return ByteBuffer.wrap(bytes, 0, size);
    }
}
