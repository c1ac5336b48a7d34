package io.wsgate.it;

import io.wsgate.it.app.TestApp;
import io.wsgate.it.clients.Inbox;
import io.wsgate.it.clients.JettyClient;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static io.wsgate.it.Messages.FOUR_BYTE_CHARS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Echo through Jetty's WebSocket client, which frames differently from the JDK's. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JettyClientEchoTest {

    private final ServerPerKind servers = new ServerPerKind(TestApp::configure);
    private final JettyClient client;

    JettyClientEchoTest() throws Exception {
        client = new JettyClient();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            client.close();
        } finally {
            servers.close();
        }
    }

    private JettyClient.Connection connect(ContainerKind kind) throws Exception {
        return client.connect(servers.get(kind).wsUri(TestApp.ECHO));
    }

    /** Runs one send and waits for its callback, so that partial sends go out strictly in order. */
    private static void send(Consumer<Callback> send) throws Exception {
        Callback.Completable done = new Callback.Completable();
        send.accept(done);
        done.get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void text(ContainerKind kind) throws Exception {
        JettyClient.Connection c = connect(kind);
        Session s = c.session();
        send(cb -> s.sendText("hello", cb));
        assertEquals("hello", c.inbox().nextText());
        send(cb -> s.sendText(Messages.mixedUnicode(), cb));
        assertEquals(Messages.mixedUnicode(), c.inbox().nextText());
        closeNormally(c);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void binary(ContainerKind kind) throws Exception {
        JettyClient.Connection c = connect(kind);
        byte[] data = Messages.randomBytes(1000, 11);
        send(cb -> c.session().sendBinary(ByteBuffer.wrap(data), cb));
        assertArrayEquals(data, c.inbox().nextBinary());
        closeNormally(c);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void partialText(ContainerKind kind) throws Exception {
        JettyClient.Connection c = connect(kind);
        Session s = c.session();
        send(cb -> s.sendPartialText("Hel", false, cb));
        send(cb -> s.sendPartialText("lo, ", false, cb));
        send(cb -> s.sendPartialText("world", true, cb));
        assertEquals("Hello, world", c.inbox().nextText());
        closeNormally(c);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void partialBinary(ContainerKind kind) throws Exception {
        JettyClient.Connection c = connect(kind);
        Session s = c.session();
        byte[] data = Messages.randomBytes(3000, 12);
        send(cb -> s.sendPartialBinary(ByteBuffer.wrap(data, 0, 1500), false, cb));
        send(cb -> s.sendPartialBinary(ByteBuffer.wrap(data, 1500, 1500), true, cb));
        assertArrayEquals(data, c.inbox().nextBinary());
        closeNormally(c);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void fourByteCodePointsInEveryPart(ContainerKind kind) throws Exception {
        JettyClient.Connection c = connect(kind);
        Session s = c.session();
        send(cb -> s.sendPartialText(FOUR_BYTE_CHARS, false, cb));
        send(cb -> s.sendPartialText("a" + FOUR_BYTE_CHARS, false, cb));
        send(cb -> s.sendPartialText(FOUR_BYTE_CHARS + "z", true, cb));
        assertEquals(FOUR_BYTE_CHARS + "a" + FOUR_BYTE_CHARS + FOUR_BYTE_CHARS + "z", c.inbox().nextText());
        closeNormally(c);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void sixteenMebibyteText(ContainerKind kind) throws Exception {
        JettyClient.Connection c = connect(kind);
        String text = Messages.asciiText(16 * TestApp.MIB, 13);
        send(cb -> c.session().sendText(text, cb));
        assertEquals(text, c.inbox().nextText(), "16 MiB text differs");
        closeNormally(c);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void sixteenMebibyteBinaryInPartsOfOneMebibyte(ContainerKind kind) throws Exception {
        JettyClient.Connection c = connect(kind);
        byte[] data = Messages.randomBytes(16 * TestApp.MIB, 14);
        for (int offset = 0; offset < data.length; offset += TestApp.MIB) {
            int start = offset;
            boolean last = offset + TestApp.MIB >= data.length;
            send(cb -> c.session().sendPartialBinary(ByteBuffer.wrap(data, start, TestApp.MIB), last, cb));
        }
        assertArrayEquals(data, c.inbox().nextBinary(), "16 MiB binary differs");
        closeNormally(c);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void pingIsAnsweredWithPongOfTheSamePayload(ContainerKind kind) throws Exception {
        JettyClient.Connection c = connect(kind);
        send(cb -> c.session().sendPing(ByteBuffer.wrap(new byte[] {7, 8, 9}), cb));
        assertArrayEquals(new byte[] {7, 8, 9}, c.inbox().nextPong());
        closeNormally(c);
    }

    /** The client's close 1000 comes back as the server's close 1000 (what the client reports as the close). */
    private static void closeNormally(JettyClient.Connection c) throws Exception {
        c.session().close(1000, "done", Callback.NOOP);
        assertEquals(1000, c.inbox().awaitClose().code());
    }
}
