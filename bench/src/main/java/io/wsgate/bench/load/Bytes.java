package io.wsgate.bench.load;

import java.nio.ByteBuffer;

/** Byte comparison on absolute positions, eight bytes at a time, without slicing (no allocation per message). */
final class Bytes {

    private Bytes() {
    }

    /** Index (from 0) of the first of {@code length} bytes that differ, or -1 if all are equal. */
    static int mismatch(ByteBuffer a, int aStart, ByteBuffer b, int bStart, int length) {
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            if (a.getLong(aStart + i) != b.getLong(bStart + i)) {
                break;
            }
        }
        for (; i < length; i++) {
            if (a.get(aStart + i) != b.get(bStart + i)) {
                return i;
            }
        }
        return -1;
    }
}
