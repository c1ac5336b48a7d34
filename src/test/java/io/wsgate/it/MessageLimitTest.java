package io.wsgate.it;

import io.wsgate.it.app.TestApp;
import io.wsgate.it.raw.FrameBuilder;
import io.wsgate.it.raw.RawWebSocketClient;
import io.wsgate.it.raw.Rfc6455;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A route's message limits: a message over the limit closes with 1009, known from the frame header alone when it
 * announces too much, and a message right at the limit still passes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MessageLimitTest {

    private static final int MAX = TestApp.SMALL_MAX;

    private final ServerPerKind servers = new ServerPerKind(TestApp::configure);

    @AfterAll
    void stopServers() throws Exception {
        servers.close();
    }

    private RawWebSocketClient open(ContainerKind kind, String path) throws Exception {
        return RawWebSocketClient.open(servers.get(kind), path);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void textAtTheLimitIsEchoed(ContainerKind kind) throws Exception {
        try (RawWebSocketClient client = open(kind, TestApp.SMALL)) {
            String text = Messages.asciiText(MAX, 21);
            client.send(FrameBuilder.text(text));
            assertEquals(text, client.expectFrame(Rfc6455.OP_TEXT).text());
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void textOverTheLimit(ContainerKind kind) throws Exception {
        try (RawWebSocketClient client = open(kind, TestApp.SMALL)) {
            client.send(FrameBuilder.text(Messages.asciiText(MAX + 1, 22)));
            ServerClose.expect(client, 1009);
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void binaryOverTheLimit(ContainerKind kind) throws Exception {
        try (RawWebSocketClient client = open(kind, TestApp.SMALL)) {
            client.send(FrameBuilder.binary(new byte[MAX + 1]));
            ServerClose.expect(client, 1009);
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void oversizedTextIsRefusedFromTheFrameHeaderAlone(ContainerKind kind) throws Exception {
        try (RawWebSocketClient client = open(kind, TestApp.SMALL)) {
            client.send(FrameBuilder.text(new byte[0]).declaredLength(2L * MAX).headerOnly());
            ServerClose.expect(client, 1009);
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void hugeDeclaredLengthIsRefusedFromTheFrameHeaderAlone(ContainerKind kind) throws Exception {
        try (RawWebSocketClient client = open(kind, TestApp.ECHO)) {
            client.send(FrameBuilder.binary(new byte[0]).declaredLength(1L << 40).headerOnly());
            ServerClose.expect(client, 1009);
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void oneByteOverTheEchoRoutesSixteenMebibytesIsRefusedFromTheHeader(ContainerKind kind) throws Exception {
        try (RawWebSocketClient client = open(kind, TestApp.ECHO)) {
            client.send(FrameBuilder.text(new byte[0]).declaredLength(16L * TestApp.MIB + 1).headerOnly());
            ServerClose.expect(client, 1009);
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void fragmentsAddingUpOverTheLimit(ContainerKind kind) throws Exception {
        try (RawWebSocketClient client = open(kind, TestApp.SMALL)) {
            int part = MAX / 2 + 1;
            client.send(FrameBuilder.text(Messages.asciiText(part, 23)).fin(false));
            client.send(FrameBuilder.continuation(Messages.asciiText(part, 24)).fin(false));
            ServerClose.expect(client, 1009);
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void framesPerMessageAtTheLimitAreEchoed(ContainerKind kind) throws Exception {
        try (RawWebSocketClient client = open(kind, TestApp.FEW_FRAMES)) {
            byte[] expected = new byte[TestApp.FEW_FRAMES_MAX];
            client.send(FrameBuilder.binary(new byte[] {0}).fin(false));
            for (int i = 1; i < TestApp.FEW_FRAMES_MAX; i++) {
                expected[i] = (byte) i;
                client.send(FrameBuilder.continuation(new byte[] {(byte) i}).fin(i == TestApp.FEW_FRAMES_MAX - 1));
            }
            assertArrayEquals(expected, client.expectFrame(Rfc6455.OP_BINARY).payload());
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void framesPerMessageOverTheLimit(ContainerKind kind) throws Exception {
        try (RawWebSocketClient client = open(kind, TestApp.FEW_FRAMES)) {
            client.send(FrameBuilder.text("0").fin(false));
            for (int i = 1; i <= TestApp.FEW_FRAMES_MAX; i++) client.send(FrameBuilder.continuation(Integer.toString(i)).fin(false));
            ServerClose.expect(client, 1009);
        }
    }
}
