package io.wsgate.it;

import io.wsgate.it.app.TestApp;
import io.wsgate.it.raw.FrameBuilder;
import io.wsgate.it.raw.RawWebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Malformed input on an open connection: the server answers with a close frame carrying the code RFC 6455 calls
 * for (1002 protocol error, 1007 invalid payload data) and then closes TCP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProtocolErrorTest {

    private final ServerPerKind servers = new ServerPerKind(TestApp::configure);

    @AfterAll
    void stopServers() throws Exception {
        servers.close();
    }

    private RawWebSocketClient open(ContainerKind kind) throws Exception {
        return RawWebSocketClient.open(servers.get(kind), TestApp.ECHO);
    }

    private void assertProtocolError(ContainerKind kind, FrameBuilder... frames) throws Exception {
        assertClosesWith(kind, 1002, frames);
    }

    private void assertClosesWith(ContainerKind kind, int code, FrameBuilder... frames) throws Exception {
        try (RawWebSocketClient client = open(kind)) {
            client.sendTogether(frames);
            ServerClose.expect(client, code);
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void unmaskedClientFrame(ContainerKind kind) throws Exception {
        assertProtocolError(kind, FrameBuilder.text("not masked").unmasked());
    }

    static Stream<Arguments> rsvBits() {
        return Kinds.timesInts(4, 2, 1, 7);
    }

    @ParameterizedTest(name = "{0} rsv={1}")
    @MethodSource("rsvBits")
    void rsvBitsWithoutExtension(ContainerKind kind, int rsv) throws Exception {
        assertProtocolError(kind, FrameBuilder.text("rsv").rsv(rsv));
    }

    static Stream<Arguments> reservedOpcodes() {
        return Kinds.timesInts(3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF);
    }

    @ParameterizedTest(name = "{0} opcode={1}")
    @MethodSource("reservedOpcodes")
    void reservedOpcode(ContainerKind kind, int opcode) throws Exception {
        assertProtocolError(kind, FrameBuilder.frame(opcode, new byte[] {1, 2}));
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void fragmentedPing(ContainerKind kind) throws Exception {
        assertProtocolError(kind, FrameBuilder.ping(new byte[] {1}).fin(false));
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void pingPayloadOver125Bytes(ContainerKind kind) throws Exception {
        assertProtocolError(kind, FrameBuilder.ping(new byte[126]));
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void closePayloadOver125Bytes(ContainerKind kind) throws Exception {
        assertProtocolError(kind, FrameBuilder.close(1000, "x".repeat(124)));
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void continuationWithoutMessage(ContainerKind kind) throws Exception {
        assertProtocolError(kind, FrameBuilder.continuation("orphan"));
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void nonFinalContinuationWithoutMessage(ContainerKind kind) throws Exception {
        assertProtocolError(kind, FrameBuilder.continuation("orphan").fin(false));
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void textFrameInsideFragmentedText(ContainerKind kind) throws Exception {
        assertProtocolError(kind, FrameBuilder.text("start").fin(false), FrameBuilder.text("again"));
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void binaryFrameInsideFragmentedText(ContainerKind kind) throws Exception {
        assertProtocolError(kind, FrameBuilder.text("start").fin(false), FrameBuilder.binary(new byte[] {1}));
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void textFrameInsideFragmentedBinary(ContainerKind kind) throws Exception {
        assertProtocolError(kind, FrameBuilder.binary(new byte[] {1}).fin(false), FrameBuilder.text("again").fin(false));
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void sixtyFourBitLengthWithTopBitSet(ContainerKind kind) throws Exception {
        assertProtocolError(kind, FrameBuilder.binary(new byte[0]).length64(0x8000_0000_0000_0005L).headerOnly());
    }

    static Stream<Arguments> invalidUtf8() {
        return Kinds.times(
                new Utf8Case("lone continuation byte", bytes("ab", 0x80)),
                new Utf8Case("0xFF", bytes("ab", 0xFF)),
                new Utf8Case("overlong slash", bytes("", 0xC0, 0xAF)),
                new Utf8Case("UTF-16 surrogate", bytes("", 0xED, 0xA0, 0x80)),
                new Utf8Case("above U+10FFFF", bytes("", 0xF4, 0x90, 0x80, 0x80)),
                new Utf8Case("truncated at message end", bytes("ab", 0xF0, 0x9F, 0x98)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("invalidUtf8")
    void invalidUtf8InOneTextFrame(ContainerKind kind, Utf8Case invalid) throws Exception {
        assertClosesWith(kind, 1007, FrameBuilder.text(invalid.bytes()));
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void invalidUtf8SplitAcrossFragments(ContainerKind kind) throws Exception {
        // F0 9F is a valid start of a 4-byte sequence; "(" cannot continue it.
        assertClosesWith(kind, 1007,
                FrameBuilder.text(bytes("ok ", 0xF0, 0x9F)).fin(false),
                FrameBuilder.continuation(bytes("(rest")));
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void invalidUtf8IsDetectedBeforeTheMessageEnds(ContainerKind kind) throws Exception {
        // Only the first fragment is ever sent: the 1007 must come from validating it as it arrives.
        try (RawWebSocketClient client = open(kind)) {
            client.send(FrameBuilder.text(bytes("valid so far, then ", 0xED, 0xA0, 0x80, 'x')).fin(false));
            ServerClose.expect(client, 1007);
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void invalidUtf8InAContinuationIsDetectedBeforeTheMessageEnds(ContainerKind kind) throws Exception {
        try (RawWebSocketClient client = open(kind)) {
            client.send(FrameBuilder.text("first part ").fin(false));
            client.send(FrameBuilder.continuation(bytes("second ", 0xFF)).fin(false));
            ServerClose.expect(client, 1007);
        }
    }

    /** One invalid UTF-8 case, named for the test report. */
    record Utf8Case(String name, byte[] bytes) {
        @Override
        public String toString() { return name; }
    }

    /** ASCII {@code prefix} followed by raw byte values. */
    static byte[] bytes(String prefix, int... raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(prefix.getBytes(StandardCharsets.US_ASCII));
        for (int b : raw) out.write(b);
        return out.toByteArray();
    }

    /** Guards the test data itself: every "invalid" case must be invalid UTF-8 for the JDK's decoder too. */
    @Test
    void invalidUtf8CasesAreInvalid() {
        invalidUtf8().map(args -> (Utf8Case) args.get()[1]).distinct().forEach(invalid ->
                assertThrows(CharacterCodingException.class,
                        () -> StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(invalid.bytes())), invalid.name()));
    }
}
