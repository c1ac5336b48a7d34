package io.wsgate.protocol;

/** Encodes the header of a server-to-client frame (never masked, RFC 6455 section 5.1). */
public final class FrameHeader {

    /** The largest header a server writes: two bytes and a 64-bit length. */
    public static final int MAX_LENGTH = 10;

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
        dst[offset] = (byte) ((fin ? 0x80 : 0) | (rsv & 0x70) | (opcode & 0x0F));
        if (payloadLength <= 125) {
            dst[offset + 1] = (byte) payloadLength;
            return 2;
        }
        if (payloadLength <= 0xFFFF) {
            dst[offset + 1] = 126;
            dst[offset + 2] = (byte) (payloadLength >>> 8);
            dst[offset + 3] = (byte) payloadLength;
            return 4;
        }
        dst[offset + 1] = 127;
        ByteArrays.putLong(dst, offset + 2, payloadLength);
        return 10;
    }
}
