package io.wsgate.bench.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * A client frame built and masked ahead of time, so sending costs only a buffer duplicate, plus the unmasked payload
 * the echo must match byte for byte. Immutable and shared by all connections and threads.
 */
public final class MaskedFrame {

    public static final int OP_CONTINUATION = 0x0;
    public static final int OP_TEXT = 0x1;
    public static final int OP_BINARY = 0x2;
    public static final int OP_CLOSE = 0x8;
    public static final int OP_PING = 0x9;
    public static final int OP_PONG = 0xA;

    private static final SplittableRandom MASKS = new SplittableRandom(0x5eed_6455L);

    private final int opcode;
    private final ByteBuffer wire;
    private final ByteBuffer payload;

    private MaskedFrame(int opcode, ByteBuffer wire, ByteBuffer payload) {
        this.opcode = opcode;
        this.wire = wire;
        this.payload = payload;
    }

    public static MaskedFrame text(String text) {
        return of(OP_TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    public static MaskedFrame binary(byte[] data) {
        return of(OP_BINARY, data);
    }

    public static MaskedFrame close(int code) {
        return of(OP_CLOSE, new byte[] {(byte) (code >> 8), (byte) code});
    }

    /** One final frame with {@code opcode} and {@code payload}, masked with a fresh key. */
    public static MaskedFrame of(int opcode, byte[] payload) {
        byte[] mask = new byte[4];
        synchronized (MASKS) {
            int m = MASKS.nextInt();
            mask[0] = (byte) (m >> 24);
            mask[1] = (byte) (m >> 16);
            mask[2] = (byte) (m >> 8);
            mask[3] = (byte) m;
        }
        int length = payload.length;
        int lengthBytes = length < 126 ? 0 : length < 65536 ? 2 : 8;
        ByteBuffer wire = ByteBuffer.allocateDirect(2 + lengthBytes + 4 + length);
        wire.put((byte) (0x80 | opcode));
        if (lengthBytes == 0) {
            wire.put((byte) (0x80 | length));
        } else if (lengthBytes == 2) {
            wire.put((byte) (0x80 | 126)).putShort((short) length);
        } else {
            wire.put((byte) (0x80 | 127)).putLong(length);
        }
        wire.put(mask);
        for (int i = 0; i < length; i++) {
            wire.put((byte) (payload[i] ^ mask[i & 3]));
        }
        wire.flip();
        ByteBuffer plain = ByteBuffer.allocateDirect(length).put(payload).flip();
        return new MaskedFrame(opcode, wire.asReadOnlyBuffer(), plain.asReadOnlyBuffer());
    }

    public int opcode() {
        return opcode;
    }

    /** A fresh view of the masked bytes to put on the wire. */
    ByteBuffer wire() {
        return wire.duplicate();
    }

    /** The unmasked payload (shared read-only view; use absolute gets or duplicate). */
    public ByteBuffer payload() {
        return payload;
    }

    public int payloadLength() {
        return payload.capacity();
    }
}
