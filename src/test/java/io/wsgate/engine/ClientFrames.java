package io.wsgate.engine;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Frames as a client sends them (masked, with a zero key so the bytes read as they are). */
final class ClientFrames {

    private ClientFrames() {}

    static byte[] frame(int opcode, boolean fin, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((fin ? 0x80 : 0) | opcode);
        int n = payload.length;
        if (n <= 125) {
            out.write(0x80 | n);
        } else if (n <= 0xFFFF) {
            out.write(0x80 | 126);
            out.write(n >> 8);
            out.write(n & 0xFF);
        } else {
            out.write(0x80 | 127);
            for (int i = 7; i >= 0; i--) out.write((int) ((long) n >> (8 * i)) & 0xFF);
        }
        out.write(0);
        out.write(0);
        out.write(0);
        out.write(0);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    static byte[] text(String text) {
        return frame(0x1, true, text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] binary(byte[] data) {
        return frame(0x2, true, data);
    }

    static byte[] ping(String payload) {
        return frame(0x9, true, payload.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] pong() {
        return frame(0xA, true, new byte[0]);
    }

    static byte[] close(int code, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        byte[] p = new byte[2 + r.length];
        p[0] = (byte) (code >> 8);
        p[1] = (byte) code;
        System.arraycopy(r, 0, p, 2, r.length);
        return frame(0x8, true, p);
    }

    /** {@code count} copies of {@code frame} back to back. */
    static ByteBuffer repeated(byte[] frame, int count) {
        ByteBuffer b = ByteBuffer.allocate(frame.length * count);
        for (int i = 0; i < count; i++) b.put(frame);
        return b.flip();
    }

    static ByteBuffer wrap(byte[]... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] f : frames) out.writeBytes(f);
        return ByteBuffer.wrap(out.toByteArray());
    }
}
