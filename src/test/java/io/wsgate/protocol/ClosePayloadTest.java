package io.wsgate.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClosePayloadTest {

    private static ByteBuffer body(int code, byte... reason) {
        ByteBuffer b = ByteBuffer.allocate(2 + reason.length);
        b.putShort((short) code).put(reason).flip();
        return b;
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 4999})
    void allowedCodes(int code) throws ProtocolException {
        assertEquals(code, ClosePayload.parse(body(code)).code());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535})
    void forbiddenCodesAre1002(int code) {
        assertEquals(1002, assertThrows(ProtocolException.class, () -> ClosePayload.parse(body(code))).closeCode());
    }

    @Test
    void emptyMeansNoStatus() throws ProtocolException {
        assertEquals(1005, ClosePayload.parse(ByteBuffer.allocate(0)).code());
    }

    @Test
    void oneBytePayloadIs1002() {
        assertEquals(1002, assertThrows(ProtocolException.class, () -> ClosePayload.parse(ByteBuffer.wrap(new byte[]{3}))).closeCode());
    }

    @Test
    void invalidUtf8ReasonIs1007() {
        assertEquals(1007, assertThrows(ProtocolException.class,
                () -> ClosePayload.parse(body(1000, (byte) 0xce, (byte) 0xba, (byte) 0xed, (byte) 0xa0, (byte) 0x80))).closeCode());
    }

    @Test
    void reasonRoundTripsAndLongReasonsAreCutAtACharacter() throws ProtocolException {
        assertEquals("bye κόσμε", ClosePayload.parse(ByteBuffer.wrap(ClosePayload.encode(1000, "bye κόσμε"))).reason());
        byte[] encoded = ClosePayload.encode(1001, "€".repeat(100));
        assertTrue(encoded.length <= 125);
        String reason = ClosePayload.parse(ByteBuffer.wrap(encoded)).reason();
        assertEquals("€".repeat(41), reason);
        assertEquals(123, reason.getBytes(StandardCharsets.UTF_8).length);
    }
}
