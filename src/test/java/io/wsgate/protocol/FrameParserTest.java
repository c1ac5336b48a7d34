package io.wsgate.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameParserTest {

    /** Records frames as text, joining each frame's payload pieces, so any split of the input reads the same. */
    static final class Recorder implements FrameHandler {
        final List<String> events = new ArrayList<>();
        private final ByteArrayOutputStream payload = new ByteArrayOutputStream();
        private String frame;

        @Override
        public void onDataFrame(int opcode, boolean fin, long payloadLength) {
            frame = Opcode.name(opcode) + (fin ? " fin " : " more ") + payloadLength;
            payload.reset();
        }

        @Override
        public void onDataPayload(ByteBuffer piece, boolean frameEnd) {
            byte[] b = new byte[piece.remaining()];
            piece.get(b);
            payload.writeBytes(b);
            if (frameEnd) events.add(frame + " " + HexFormat.of().formatHex(payload.toByteArray()));
        }

        @Override
        public void onControlFrame(int opcode, ByteBuffer p) {
            byte[] b = new byte[p.remaining()];
            p.get(b);
            events.add(Opcode.name(opcode) + " " + HexFormat.of().formatHex(b));
        }
    }

    /** A client frame: masked with {@code key}, with the given first byte and payload. */
    static byte[] frame(int firstByte, byte[] payload, int key) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        int n = payload.length;
        if (n <= 125) {
            out.write(0x80 | n);
        } else if (n <= 0xFFFF) {
            out.write(0x80 | 126);
            out.write(n >>> 8);
            out.write(n);
        } else {
            out.write(0x80 | 127);
            for (int i = 7; i >= 0; i--) out.write((int) ((long) n >>> (8 * i)));
        }
        for (int i = 3; i >= 0; i--) out.write(key >>> (8 * i));
        byte[] masked = payload.clone();
        Masking.apply(masked, 0, masked.length, key, 0);
        out.writeBytes(masked);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    static List<String> parseWhole(byte[] input) throws ProtocolException {
        Recorder r = new Recorder();
        new FrameParser(r).parse(ByteBuffer.wrap(input.clone())); // the parser unmasks in place
        return r.events;
    }

    static List<String> parseByteByByte(byte[] input) throws ProtocolException {
        Recorder r = new Recorder();
        FrameParser p = new FrameParser(r);
        for (byte b : input) p.parse(ByteBuffer.wrap(new byte[]{b}));
        return r.events;
    }

    static void assertParses(byte[] input, String... expected) throws ProtocolException {
        assertEquals(List.of(expected), parseWhole(input), "fed whole");
        assertEquals(List.of(expected), parseByteByByte(input), "fed byte by byte");
    }

    static final byte[] HELLO = "Hello".getBytes();

    // ---- RFC 6455 section 5.7 examples (the unmasked ones masked, as a client must) ---------------------

    @Test
    void rfcMaskedHello() throws ProtocolException {
        byte[] wire = HexFormat.of().parseHex("818537fa213d7f9f4d5158");
        assertParses(wire, "TEXT fin 5 48656c6c6f");
    }

    @Test
    void rfcFragmentedHello() throws ProtocolException {
        byte[] wire = concat(frame(0x01, "Hel".getBytes(), 0x01020304), frame(0x80, "lo".getBytes(), 0x0a0b0c0d));
        assertParses(wire, "TEXT more 3 48656c", "CONTINUATION fin 2 6c6f");
    }

    @Test
    void rfcPingAndPong() throws ProtocolException {
        assertParses(frame(0x89, HELLO, 0x11223344), "PING 48656c6c6f");
        assertParses(frame(0x8A, HELLO, 0x37fa213d), "PONG 48656c6c6f");
    }

    @Test
    void rfc256ByteBinaryUses16BitLength() throws ProtocolException {
        byte[] payload = new byte[256];
        for (int i = 0; i < 256; i++) payload[i] = (byte) i;
        byte[] wire = frame(0x82, payload, 0xdeadbeef);
        assertEquals(0x7E, wire[1] & 0x7F);
        assertParses(wire, "BINARY fin 256 " + HexFormat.of().formatHex(payload));
    }

    @Test
    void rfc64KiBBinaryUses64BitLength() throws ProtocolException {
        byte[] payload = new byte[65536];
        new java.util.Random(1).nextBytes(payload);
        byte[] wire = frame(0x82, payload, 0x01020304);
        assertEquals(0x7F, wire[1] & 0x7F);
        assertParses(wire, "BINARY fin 65536 " + HexFormat.of().formatHex(payload));
    }

    @Test
    void pingBetweenFragmentsAndEmptyFrames() throws ProtocolException {
        byte[] wire = concat(frame(0x01, "a".getBytes(), 1), frame(0x89, new byte[0], 2),
                frame(0x00, new byte[0], 3), frame(0x80, "b".getBytes(), 4), frame(0x82, new byte[0], 5));
        assertParses(wire, "TEXT more 1 61", "PING ", "CONTINUATION more 0 ", "CONTINUATION fin 1 62", "BINARY fin 0 ");
    }

    @Test
    void splitAnywhere() throws ProtocolException {
        byte[] wire = concat(frame(0x01, "Hel".getBytes(), 7), frame(0x89, HELLO, 8), frame(0x80, "lo".getBytes(), 9),
                frame(0x82, new byte[300], 10));
        List<String> expected = parseWhole(wire);
        for (int split = 0; split <= wire.length; split++) {
            Recorder r = new Recorder();
            FrameParser p = new FrameParser(r);
            byte[] copy = wire.clone(); // the parser unmasks in place
            p.parse(ByteBuffer.wrap(copy, 0, split));
            p.parse(ByteBuffer.wrap(copy, split, copy.length - split));
            assertEquals(expected, r.events, "split at " + split);
        }
    }

    // ---- errors ------------------------------------------------------------------------------------------

    static Stream<Arguments> violations() {
        byte[] unmasked = {(byte) 0x81, 0x05, 'H', 'e', 'l', 'l', 'o'};
        byte[] topBit = HexFormat.of().parseHex("827f8000000000000000" + "01020304");
        return Stream.of(
                Arguments.of("unmasked client frame", unmasked, 1002),
                Arguments.of("RSV1", frame(0xC1, HELLO, 1), 1002),
                Arguments.of("RSV2", frame(0xA1, HELLO, 1), 1002),
                Arguments.of("RSV3", frame(0x91, HELLO, 1), 1002),
                Arguments.of("opcode 3", frame(0x83, HELLO, 1), 1002),
                Arguments.of("opcode 7", frame(0x87, HELLO, 1), 1002),
                Arguments.of("opcode B", frame(0x8B, HELLO, 1), 1002),
                Arguments.of("opcode F", frame(0x8F, HELLO, 1), 1002),
                Arguments.of("fragmented ping", frame(0x09, HELLO, 1), 1002),
                Arguments.of("126-byte ping", frame(0x89, new byte[126], 1), 1002),
                Arguments.of("continuation with no message", frame(0x80, HELLO, 1), 1002),
                Arguments.of("text inside fragmented message", concat(frame(0x01, HELLO, 1), frame(0x81, HELLO, 2)), 1002),
                Arguments.of("binary inside fragmented message", concat(frame(0x02, HELLO, 1), frame(0x82, HELLO, 2)), 1002),
                Arguments.of("64-bit length with top bit", topBit, 1002));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void violationsFailWholeAndByteByByte(String name, byte[] wire, int code) {
        assertEquals(code, assertThrows(ProtocolException.class, () -> parseWhole(wire)).closeCode());
        assertEquals(code, assertThrows(ProtocolException.class, () -> parseByteByByte(wire)).closeCode());
    }

    @Test
    void errorsAreFoundFromTheHeaderBeforeThePayloadArrives() {
        // only the first two bytes of a fragmented ping: already a violation
        Recorder r = new Recorder();
        FrameParser p = new FrameParser(r);
        assertThrows(ProtocolException.class, () -> p.parse(ByteBuffer.wrap(new byte[]{0x09, (byte) 0x85})));
    }

    @Test
    void maxFramePayloadIsCheckedFromTheHeader() throws ProtocolException {
        Recorder r = new Recorder();
        FrameParser p = new FrameParser(r);
        p.maxFramePayload(1000);
        byte[] header = java.util.Arrays.copyOf(frame(0x82, new byte[1001], 1), 8); // header only
        ProtocolException e = assertThrows(ProtocolException.class, () -> p.parse(ByteBuffer.wrap(header)));
        assertEquals(1009, e.closeCode());
        assertTrue(r.events.isEmpty());
    }

    @Test
    void aControlFrameOverMaxFramePayloadLeavesTheFragmentedMessageOpen() throws ProtocolException {
        // A limit leaves the framing intact: after the 1009 the parser goes on reading (the engine looks for the
        // peer's close frame), and the continuation that follows belongs to the message begun before the ping.
        Recorder r = new Recorder();
        FrameParser p = new FrameParser(r);
        p.maxFramePayload(7);
        ByteBuffer wire = ByteBuffer.wrap(concat(
                frame(0x01, "He".getBytes(), 1),
                frame(0x89, "ten bytes!".getBytes(), 2),
                frame(0x80, "llo".getBytes(), 3)));
        ProtocolException tooBig = assertThrows(ProtocolException.class, () -> p.parse(wire));
        assertEquals(1009, tooBig.closeCode());
        p.parse(wire);
        assertEquals(List.of("TEXT more 2 4865", "PING 74656e20627974657321", "CONTINUATION fin 3 6c6c6f"), r.events);
        assertTrue(!p.isFailed());
    }

    @Test
    void negotiatedRsvBitsAreAccepted() throws ProtocolException {
        Recorder r = new Recorder();
        FrameParser p = new FrameParser(r);
        p.allowedRsv(0x40);
        p.parse(ByteBuffer.wrap(frame(0xC1, HELLO, 3)));
        assertEquals(List.of("TEXT fin 5 48656c6c6f"), r.events);
    }

    @Test
    void unmasksInPlaceAcrossPieces() throws ProtocolException {
        byte[] payload = new byte[1000];
        new java.util.Random(5).nextBytes(payload);
        byte[] wire = frame(0x82, payload, 0x9abcdef0);
        Recorder r = new Recorder();
        FrameParser p = new FrameParser(r);
        for (int i = 0; i < wire.length; i += 7) p.parse(ByteBuffer.wrap(wire, i, Math.min(7, wire.length - i)));
        assertEquals(List.of("BINARY fin 1000 " + HexFormat.of().formatHex(payload)), r.events);
    }
}
