package io.wsgate.it.raw;

import java.nio.charset.StandardCharsets;

/** One frame as the server sent it. */
public record ServerFrame(boolean fin, int rsv, int opcode, byte[] payload) {

    public boolean isClose() { return opcode == Rfc6455.OP_CLOSE; }

    /** The close frame's status code, 1005 when it has none (RFC 6455 7.1.5). */
    public int closeCode() {
        if (!isClose()) throw new AssertionError("not a close frame: " + this);
        if (payload.length < 2) return 1005;
        return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
    }

    public String closeReason() {
        if (!isClose()) throw new AssertionError("not a close frame: " + this);
        return payload.length <= 2 ? "" : new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
    }

    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        String shown = isClose() && payload.length >= 2
                ? "code " + closeCode() + " \"" + closeReason() + "\""
                : payload.length <= 64 ? "\"" + text() + "\"" : payload.length + " bytes";
        return "frame[opcode=0x" + Integer.toHexString(opcode) + (fin ? "" : ", FIN=0") + (rsv != 0 ? ", rsv=" + rsv : "") + ", " + shown + "]";
    }
}
