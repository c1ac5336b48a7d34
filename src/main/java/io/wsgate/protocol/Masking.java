package io.wsgate.protocol;

import java.nio.ByteBuffer;

/** The XOR masking of RFC 6455 section 5.3, eight bytes at a time. */
public final class Masking {

    private Masking() {}

    /**
     * Masks or unmasks {@code bytes[from, to)} in place with the 32-bit {@code key} (its first byte is the key's
     * most significant byte), starting at byte {@code keyIndex} of the key (0 to 3), and returns the key index
     * for the byte after {@code to}, so a payload can be processed in pieces.
     */
    public static int apply(byte[] bytes, int from, int to, int key, int keyIndex) {
        int i = from;
        int rotated = Integer.rotateLeft(key, 8 * (keyIndex & 3));
        if (to - i >= 8) {
            long wide = ((long) rotated << 32) | (rotated & 0xFFFFFFFFL);
            for (; i + 8 <= to; i += 8) {
                ByteArrays.putLong(bytes, i, ByteArrays.getLong(bytes, i) ^ wide);
            }
        }
        for (; i < to; i++) {
            bytes[i] ^= (byte) (rotated >>> 24);
            rotated = Integer.rotateLeft(rotated, 8);
        }
        return (keyIndex + (to - from)) & 3;
    }

    /** As {@link #apply(byte[], int, int, int, int)} over a buffer's remaining bytes, without moving its position. */
    public static int apply(ByteBuffer buf, int key, int keyIndex) {
        if (buf.hasArray()) {
            int from = buf.arrayOffset() + buf.position();
            return apply(buf.array(), from, from + buf.remaining(), key, keyIndex);
        }
        int i = buf.position();
        int end = buf.limit();
        int rotated = Integer.rotateLeft(key, 8 * (keyIndex & 3));
        if (end - i >= 8) {
            long wide = ((long) rotated << 32) | (rotated & 0xFFFFFFFFL);
            if (buf.order() == java.nio.ByteOrder.LITTLE_ENDIAN) wide = Long.reverseBytes(wide);
            for (; i + 8 <= end; i += 8) {
                buf.putLong(i, buf.getLong(i) ^ wide);
            }
        }
        for (; i < end; i++) {
            buf.put(i, (byte) (buf.get(i) ^ (rotated >>> 24)));
            rotated = Integer.rotateLeft(rotated, 8);
        }
        return (keyIndex + (end - buf.position())) & 3;
    }
}
