package io.wsgate.it;

import io.wsgate.it.app.TestApp;
import io.wsgate.it.raw.FrameBuilder;
import io.wsgate.it.raw.HandshakeRequest;
import io.wsgate.it.raw.RawWebSocketClient;
import io.wsgate.it.raw.Rfc6455;
import io.wsgate.it.raw.ServerFrame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Valid but unusual framing, as real clients and networks produce it, through the echo endpoint. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FrameFlowTest {

    private final ServerPerKind servers = new ServerPerKind(TestApp::configure);

    @AfterAll
    void stopServers() throws Exception {
        servers.close();
    }

    private RawWebSocketClient open(ContainerKind kind) throws Exception {
        return RawWebSocketClient.open(servers.get(kind), TestApp.ECHO);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void pingIsAnsweredWithPongOfTheSamePayload(ContainerKind kind) throws Exception {
        try (RawWebSocketClient client = open(kind)) {
            byte[] payload = Messages.randomBytes(125, 31);
            client.send(FrameBuilder.ping(payload));
            assertArrayEquals(payload, client.expectFrame(Rfc6455.OP_PONG).payload());
            client.send(FrameBuilder.ping(new byte[0]));
            assertArrayEquals(new byte[0], client.expectFrame(Rfc6455.OP_PONG).payload());
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void pingBetweenFragmentsIsAnsweredAndTheMessageStillEchoes(ContainerKind kind) throws Exception {
        try (RawWebSocketClient client = open(kind)) {
            client.send(FrameBuilder.text("Hel").fin(false));
            client.send(FrameBuilder.ping("between".getBytes(StandardCharsets.US_ASCII)));
            client.send(FrameBuilder.continuation("lo").fin(false));
            client.send(FrameBuilder.ping("again".getBytes(StandardCharsets.US_ASCII)));
            client.send(FrameBuilder.continuation("!"));
            assertEquals("between", client.expectFrame(Rfc6455.OP_PONG).text());
            assertEquals("again", client.expectFrame(Rfc6455.OP_PONG).text());
            assertEquals("Hello!", client.expectFrame(Rfc6455.OP_TEXT).text());
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void unsolicitedPongIsIgnored(ContainerKind kind) throws Exception {
        try (RawWebSocketClient client = open(kind)) {
            client.send(FrameBuilder.pong("heartbeat".getBytes(StandardCharsets.US_ASCII)));
            client.send(FrameBuilder.text("still here"));
            assertEquals("still here", client.expectFrame(Rfc6455.OP_TEXT).text());
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void framesSentRightAfterTheHandshakeInTheSamePacket(ContainerKind kind) throws Exception {
        TestServer server = servers.get(kind);
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        frames.writeBytes(FrameBuilder.text("pipelined").build());
        frames.writeBytes(FrameBuilder.binary(new byte[] {1, 2, 3}).build());
        try (RawWebSocketClient client = RawWebSocketClient.openPipelined(server, HandshakeRequest.to(server, TestApp.ECHO), frames.toByteArray())) {
            assertEquals("pipelined", client.expectFrame(Rfc6455.OP_TEXT).text());
            assertArrayEquals(new byte[] {1, 2, 3}, client.expectFrame(Rfc6455.OP_BINARY).payload());
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void manyFramesInOnePacket(ContainerKind kind) throws Exception {
        try (RawWebSocketClient client = open(kind)) {
            FrameBuilder[] frames = new FrameBuilder[50];
            for (int i = 0; i < frames.length; i++) frames[i] = FrameBuilder.text("message " + i);
            client.sendTogether(frames);
            for (int i = 0; i < frames.length; i++) assertEquals("message " + i, client.expectFrame(Rfc6455.OP_TEXT).text());
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void frameArrivingOneByteAtATime(ContainerKind kind) throws Exception {
        try (RawWebSocketClient client = open(kind)) {
            byte[] frame = FrameBuilder.text("slowly, " + Messages.FOUR_BYTE_CHARS).build();
            for (byte b : frame) client.send(new byte[] {b});
            assertEquals("slowly, " + Messages.FOUR_BYTE_CHARS, client.expectFrame(Rfc6455.OP_TEXT).text());
        }
    }

    static Stream<Arguments> lengthForms() {
        // 7-bit, the 16-bit form at both ends, and the 64-bit form.
        return Kinds.timesInts(0, 125, 126, 65535, 65536, 200_000);
    }

    @ParameterizedTest(name = "{0} length={1}")
    @MethodSource("lengthForms")
    void everyLengthEncodingEchoes(ContainerKind kind, int length) throws Exception {
        try (RawWebSocketClient client = open(kind)) {
            byte[] data = Messages.randomBytes(length, length);
            client.send(FrameBuilder.binary(data));
            ServerFrame echo = client.expectFrame(Rfc6455.OP_BINARY);
            assertArrayEquals(data, echo.payload());
        }
    }

    static Stream<Arguments> splitsInsideAFourByteSequence() {
        return Kinds.timesInts(1, 2, 3);
    }

    @ParameterizedTest(name = "{0} split after byte {1}")
    @MethodSource("splitsInsideAFourByteSequence")
    void fourByteSequenceSplitAcrossFrames(ContainerKind kind, int split) throws Exception {
        String text = "a" + Messages.FOUR_BYTE_CHARS;
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        int cut = 1 + split; // inside the first four-byte sequence, which starts at index 1
        try (RawWebSocketClient client = open(kind)) {
            client.send(FrameBuilder.text(Arrays.copyOfRange(utf8, 0, cut)).fin(false));
            client.send(FrameBuilder.continuation(Arrays.copyOfRange(utf8, cut, utf8.length)));
            assertEquals(text, client.expectFrame(Rfc6455.OP_TEXT).text());
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void fourByteSequenceSpreadOverFourFrames(ContainerKind kind) throws Exception {
        byte[] utf8 = Messages.FOUR_BYTE_CHARS.substring(0, 2).getBytes(StandardCharsets.UTF_8);
        try (RawWebSocketClient client = open(kind)) {
            client.send(FrameBuilder.text(new byte[] {utf8[0]}).fin(false));
            client.send(FrameBuilder.continuation(new byte[] {utf8[1]}).fin(false));
            client.send(FrameBuilder.continuation(new byte[0]).fin(false));
            client.send(FrameBuilder.continuation(new byte[] {utf8[2]}).fin(false));
            client.send(FrameBuilder.continuation(new byte[] {utf8[3]}));
            assertEquals(Messages.FOUR_BYTE_CHARS.substring(0, 2), client.expectFrame(Rfc6455.OP_TEXT).text());
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void emptyFragmentsMakeAnEmptyMessage(ContainerKind kind) throws Exception {
        try (RawWebSocketClient client = open(kind)) {
            client.send(FrameBuilder.text(new byte[0]).fin(false));
            client.send(FrameBuilder.continuation(new byte[0]));
            assertEquals("", client.expectFrame(Rfc6455.OP_TEXT).text());
        }
    }
}
