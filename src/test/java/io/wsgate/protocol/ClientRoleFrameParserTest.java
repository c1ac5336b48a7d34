package io.wsgate.protocol;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parser on a client: server frames are unmasked, and a masked one is a protocol error (RFC 6455 5.1). */
class ClientRoleFrameParserTest {

    private static List<String> parse(byte[] wire, boolean byteByByte) throws ProtocolException {
        FrameParserTest.Recorder r = new FrameParserTest.Recorder();
        FrameParser p = new FrameParser(r, Role.CLIENT);
        if (byteByByte) {
            for (byte b : wire) p.parse(ByteBuffer.wrap(new byte[]{b}));
        } else {
            p.parse(ByteBuffer.wrap(wire));
        }
        return r.events;
    }

    @Test
    void rfcUnmaskedFramesParse() throws ProtocolException {
        // RFC 6455 5.7: a single-frame unmasked text message, then the fragmented one and an unmasked ping.
        byte[] wire = HexFormat.of().parseHex("810548656c6c6f" + "010348656c" + "80026c6f" + "890548656c6c6f");
        List<String> expected = List.of("TEXT fin 5 48656c6c6f", "TEXT more 3 48656c", "CONTINUATION fin 2 6c6f",
                "PING 48656c6c6f");
        assertEquals(expected, parse(wire, false));
        assertEquals(expected, parse(wire, true));
    }

    @Test
    void a64KiBUnmaskedBinaryFrameParses() throws ProtocolException {
        byte[] payload = new byte[65536];
        new java.util.Random(2).nextBytes(payload);
        byte[] wire = new byte[10 + payload.length];
        FrameHeader.write(wire, 0, true, 0, Opcode.BINARY, payload.length);
        System.arraycopy(payload, 0, wire, 10, payload.length);
        assertEquals(List.of("BINARY fin 65536 " + HexFormat.of().formatHex(payload)), parse(wire, false));
    }

    @Test
    void aMaskedServerFrameIsAProtocolError() {
        byte[] wire = FrameParserTest.frame(0x81, "Hello".getBytes(), 0x37fa213d);
        ProtocolException e = assertThrows(ProtocolException.class, () -> parse(wire, false));
        assertEquals(CloseCodes.PROTOCOL_ERROR, e.closeCode());
        assertTrue(e.getMessage().contains("masked"), e.getMessage());
    }

    @Test
    void theServerRoleStillRefusesUnmaskedFrames() {
        byte[] wire = HexFormat.of().parseHex("810548656c6c6f");
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> new FrameParser(new FrameParserTest.Recorder(), Role.SERVER).parse(ByteBuffer.wrap(wire)));
        assertEquals(CloseCodes.PROTOCOL_ERROR, e.closeCode());
    }
}
