package io.wsgate.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The body of a close frame (RFC 6455 section 5.5.1): an optional two-byte code and a UTF-8 reason. */
public final class ClosePayload {

    /** A control frame carries 125 bytes at most, two of them the code. */
    public static final int MAX_REASON_BYTES = 123;

    private final int code;
    private final String reason;

    private ClosePayload(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    /** The code, or {@link CloseCodes#NO_STATUS} when the frame had none. */
    public int code() { return code; }

    /** The reason, empty when there was none. */
    public String reason() { return reason; }

    /** Reads and checks a received close frame's payload: 1002 for a bad length or code, 1007 for bad UTF-8. */
    public static ClosePayload parse(ByteBuffer payload) throws ProtocolException {
        int n = payload.remaining();
        if (n == 0) return new ClosePayload(CloseCodes.NO_STATUS, "");
        if (n == 1) throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "close frame with a 1-byte payload");
        int code = ((payload.get(payload.position()) & 0xFF) << 8) | (payload.get(payload.position() + 1) & 0xFF);
        if (!CloseCodes.isValidOnWire(code)) {
            throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "close code " + code + " is not allowed on the wire");
        }
        ByteBuffer reasonBytes = payload.slice(payload.position() + 2, n - 2);
        if (!Utf8Validator.isValid(reasonBytes)) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "close reason is not valid UTF-8");
        }
        return new ClosePayload(code, StandardCharsets.UTF_8.decode(reasonBytes).toString());
    }

    /**
     * Encodes a close body. A code of {@link CloseCodes#NO_STATUS} gives an empty body; a reason longer than
     * {@value #MAX_REASON_BYTES} UTF-8 bytes is cut at a character boundary.
     */
    public static byte[] encode(int code, String reason) {
        if (code == CloseCodes.NO_STATUS) return new byte[0];
        if (!CloseCodes.isValidOnWire(code)) throw new IllegalArgumentException("close code " + code + " may not be sent");
        byte[] text = truncate(reason == null ? "" : reason);
        byte[] body = new byte[2 + text.length];
        body[0] = (byte) (code >>> 8);
        body[1] = (byte) code;
        System.arraycopy(text, 0, body, 2, text.length);
        return body;
    }

    private static byte[] truncate(String reason) {
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_REASON_BYTES) return bytes;
        int end = MAX_REASON_BYTES;
        while ((bytes[end] & 0xC0) == 0x80) end--; // back up to the start of the cut character
        return java.util.Arrays.copyOf(bytes, end);
    }
}
