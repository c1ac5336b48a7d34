package io.wsgate.it;

import io.wsgate.it.app.TestApp;
import io.wsgate.it.clients.Inbox;
import io.wsgate.it.clients.JdkClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import static io.wsgate.it.Messages.FOUR_BYTE_CHARS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Echo through the JDK's {@code java.net.http.WebSocket} client. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdkClientEchoTest {

    private final ServerPerKind servers = new ServerPerKind(TestApp::configure);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterAll
    void stopServers() throws Exception {
        servers.close();
    }

    private JdkClient.Connection connect(ContainerKind kind) throws Exception {
        return JdkClient.connect(http, servers.get(kind).wsUri(TestApp.ECHO));
    }

    private static void await(java.util.concurrent.CompletableFuture<WebSocket> send) throws Exception {
        send.get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void text(ContainerKind kind) throws Exception {
        JdkClient.Connection c = connect(kind);
        await(c.webSocket().sendText("hello", true));
        assertEquals("hello", c.inbox().nextText());
        await(c.webSocket().sendText("", true));
        assertEquals("", c.inbox().nextText());
        await(c.webSocket().sendText(Messages.mixedUnicode(), true));
        assertEquals(Messages.mixedUnicode(), c.inbox().nextText());
        closeNormally(c);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void binary(ContainerKind kind) throws Exception {
        JdkClient.Connection c = connect(kind);
        byte[] data = Messages.randomBytes(1000, 1);
        await(c.webSocket().sendBinary(ByteBuffer.wrap(data), true));
        assertArrayEquals(data, c.inbox().nextBinary());
        await(c.webSocket().sendBinary(ByteBuffer.allocate(0), true));
        assertArrayEquals(new byte[0], c.inbox().nextBinary());
        closeNormally(c);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void textAndBinaryInterleavedKeepTheirTypesAndOrder(ContainerKind kind) throws Exception {
        JdkClient.Connection c = connect(kind);
        byte[] data = Messages.randomBytes(300, 2);
        await(c.webSocket().sendText("first", true));
        await(c.webSocket().sendBinary(ByteBuffer.wrap(data), true));
        await(c.webSocket().sendText("third", true));
        assertEquals("first", c.inbox().nextText());
        assertArrayEquals(data, c.inbox().nextBinary());
        assertEquals("third", c.inbox().nextText());
        closeNormally(c);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void fragmentedText(ContainerKind kind) throws Exception {
        JdkClient.Connection c = connect(kind);
        await(c.webSocket().sendText("Hel", false));
        await(c.webSocket().sendText("lo, ", false));
        await(c.webSocket().sendText("", false));
        await(c.webSocket().sendText("world", true));
        assertEquals("Hello, world", c.inbox().nextText());
        closeNormally(c);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void fragmentedBinary(ContainerKind kind) throws Exception {
        JdkClient.Connection c = connect(kind);
        byte[] data = Messages.randomBytes(3000, 3);
        await(c.webSocket().sendBinary(ByteBuffer.wrap(data, 0, 1000), false));
        await(c.webSocket().sendBinary(ByteBuffer.wrap(data, 1000, 1000), false));
        await(c.webSocket().sendBinary(ByteBuffer.wrap(data, 2000, 1000), true));
        assertArrayEquals(data, c.inbox().nextBinary());
        closeNormally(c);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void fourByteCodePointsInEveryFragment(ContainerKind kind) throws Exception {
        JdkClient.Connection c = connect(kind);
        await(c.webSocket().sendText(FOUR_BYTE_CHARS, false));
        await(c.webSocket().sendText("a" + FOUR_BYTE_CHARS, false));
        await(c.webSocket().sendText(FOUR_BYTE_CHARS + "z", true));
        assertEquals(FOUR_BYTE_CHARS + "a" + FOUR_BYTE_CHARS + FOUR_BYTE_CHARS + "z", c.inbox().nextText());
        closeNormally(c);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void sixteenMebibyteText(ContainerKind kind) throws Exception {
        JdkClient.Connection c = connect(kind);
        String text = Messages.asciiText(16 * TestApp.MIB, 4);
        await(c.webSocket().sendText(text, true));
        assertEquals(text, c.inbox().nextText(), "16 MiB text differs");
        closeNormally(c);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void sixteenMebibyteBinary(ContainerKind kind) throws Exception {
        JdkClient.Connection c = connect(kind);
        byte[] data = Messages.randomBytes(16 * TestApp.MIB, 5);
        await(c.webSocket().sendBinary(ByteBuffer.wrap(data), true));
        assertArrayEquals(data, c.inbox().nextBinary(), "16 MiB binary differs");
        closeNormally(c);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void pingIsAnsweredWithPongOfTheSamePayload(ContainerKind kind) throws Exception {
        JdkClient.Connection c = connect(kind);
        await(c.webSocket().sendPing(ByteBuffer.wrap(new byte[] {1, 2, 3})));
        assertArrayEquals(new byte[] {1, 2, 3}, c.inbox().nextPong());
        closeNormally(c);
    }

    /** The client's close 1000 comes back as the server's close 1000. */
    private static void closeNormally(JdkClient.Connection c) throws Exception {
        await(c.webSocket().sendClose(WebSocket.NORMAL_CLOSURE, "done"));
        assertEquals(1000, c.inbox().awaitClose().code());
    }
}
