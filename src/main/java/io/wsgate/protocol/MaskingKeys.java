package io.wsgate.protocol;

import java.security.SecureRandom;

/**
 * Masking keys for the frames a client sends. RFC 6455 section 10.3 asks for keys that the application (and so
 * whatever it sends) cannot predict, from a strong source of entropy: one shared {@link SecureRandom}, which is
 * thread-safe. Only client connections call it, never the server's hot path.
 */
public final class MaskingKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private MaskingKeys() {}

    /** A fresh 32-bit masking key. */
    public static int next() {
        return RANDOM.nextInt();
    }

    /** Writes {@code key} big-endian at {@code offset}, where it follows a masked frame's header. */
    public static void write(byte[] dst, int offset, int key) {
        dst[offset] = (byte) (key >>> 24);
        dst[offset + 1] = (byte) (key >>> 16);
        dst[offset + 2] = (byte) (key >>> 8);
        dst[offset + 3] = (byte) key;
    }
}
