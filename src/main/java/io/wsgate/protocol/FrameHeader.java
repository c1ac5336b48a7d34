package io.wsgate.protocol;

/**
 * Encodes a frame header (RFC 6455 section 5.2): a server's, never masked, or a client's, whose masking key the
 * caller writes right after it (see {@link #MASK_KEY_LENGTH}).
 */
public final class FrameHeader {

    /** The largest header a server writes: two bytes and a 64-bit length. */
    public static final int MAX_LENGTH = 10;

    /** Bytes of a masking key, which follows the header of a masked frame. */
    public static final int MASK_KEY_LENGTH = 4;

    private FrameHeader() {}

    /** Size of the header for a payload of {@code payloadLength} bytes, using the minimal length encoding. */
    public static int length(long payloadLength) {
        return payloadLength <= 125 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
    }

    /**
     * Writes the header into {@code dst} at {@code offset} and returns its size.
     *
     * @param rsv RSV bits as they sit in the first byte (0x40 for RSV1)
     */
    public static int write(byte[] dst, int offset, boolean fin, int rsv, int opcode, long payloadLength) {
        return write(dst, offset, fin, rsv, opcode, payloadLength, false);
    }

    /**
     * As {@link #write(byte[], int, boolean, int, int, long)}, with the MASK bit set when {@code masked}; the
     * returned size does not include the masking key, which the caller writes next.
     */
    public static int write(byte[] dst, int offset, boolean fin, int rsv, int opcode, long payloadLength, boolean masked) {
        dst[offset] = (byte) ((fin ? 0x80 : 0) | (rsv & 0x70) | (opcode & 0x0F));
        int maskBit = masked ? 0x80 : 0;
        if (payloadLength <= 125) {
            dst[offset + 1] = (byte) (maskBit | payloadLength);
            return 2;
        }
        if (payloadLength <= 0xFFFF) {
            dst[offset + 1] = (byte) (maskBit | 126);
            dst[offset + 2] = (byte) (payloadLength >>> 8);
            dst[offset + 3] = (byte) payloadLength;
            return 4;
        }
        dst[offset + 1] = (byte) (maskBit | 127);
        ByteArrays.putLong(dst, offset + 2, payloadLength);
        return 10;
    }
}
