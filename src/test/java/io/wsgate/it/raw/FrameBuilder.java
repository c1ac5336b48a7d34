package io.wsgate.it.raw;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds the bytes of one client frame, valid by default (FIN set, masked with a random key) and breakable in any
 * field: FIN, RSV bits, any opcode, no mask, a declared length other than the payload's, or the header alone.
 */
public final class FrameBuilder {

    private boolean fin = true;
    private int rsv;
    private final int opcode;
    private final byte[] payload;
    private boolean masked = true;
    private Long declaredLength;
    private boolean forceLength64;
    private boolean headerOnly;

    private FrameBuilder(int opcode, byte[] payload) {
        this.opcode = opcode;
        this.payload = payload.clone();
    }

    public static FrameBuilder frame(int opcode, byte[] payload) { return new FrameBuilder(opcode, payload); }

    public static FrameBuilder text(String text) { return frame(Rfc6455.OP_TEXT, utf8(text)); }

    public static FrameBuilder text(byte[] utf8) { return frame(Rfc6455.OP_TEXT, utf8); }

    public static FrameBuilder binary(byte[] data) { return frame(Rfc6455.OP_BINARY, data); }

    public static FrameBuilder continuation(byte[] data) { return frame(Rfc6455.OP_CONTINUATION, data); }

    public static FrameBuilder continuation(String text) { return continuation(utf8(text)); }

    public static FrameBuilder ping(byte[] payload) { return frame(Rfc6455.OP_PING, payload); }

    public static FrameBuilder pong(byte[] payload) { return frame(Rfc6455.OP_PONG, payload); }

    /** A close frame carrying {@code code} and {@code reason}. */
    public static FrameBuilder close(int code, String reason) {
        byte[] reasonBytes = utf8(reason);
        byte[] payload = new byte[2 + reasonBytes.length];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(reasonBytes, 0, payload, 2, reasonBytes.length);
        return frame(Rfc6455.OP_CLOSE, payload);
    }

    public FrameBuilder fin(boolean fin) { this.fin = fin; return this; }

    /** RSV bits as a 3-bit number: 4 = RSV1, 2 = RSV2, 1 = RSV3. */
    public FrameBuilder rsv(int bits) { this.rsv = bits & 7; return this; }

    public FrameBuilder unmasked() { this.masked = false; return this; }

    /** The header announces this many payload bytes, whatever is actually sent. */
    public FrameBuilder declaredLength(long length) { this.declaredLength = length; return this; }

    /** Writes the length in the 64-bit form, with exactly these bits (the top one included). */
    public FrameBuilder length64(long rawBits) { this.declaredLength = rawBits; this.forceLength64 = true; return this; }

    /** Only the header (and mask key): the payload is never sent. */
    public FrameBuilder headerOnly() { this.headerOnly = true; return this; }

    public byte[] build() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 14);
        out.write((fin ? 0x80 : 0) | (rsv << 4) | (opcode & 0x0F));
        long length = declaredLength != null ? declaredLength : payload.length;
        int maskBit = masked ? 0x80 : 0;
        if (forceLength64 || length > 0xFFFF || length < 0) {
            out.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) out.write((int) (length >>> shift));
        } else if (length > 125) {
            out.write(maskBit | 126);
            out.write((int) (length >>> 8));
            out.write((int) length);
        } else {
            out.write(maskBit | (int) length);
        }
        byte[] mask = new byte[4];
        if (masked) {
            ThreadLocalRandom.current().nextBytes(mask);
            out.write(mask, 0, 4);
        }
        if (!headerOnly) {
            for (int i = 0; i < payload.length; i++) out.write(masked ? payload[i] ^ mask[i & 3] : payload[i]);
        }
        return out.toByteArray();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
