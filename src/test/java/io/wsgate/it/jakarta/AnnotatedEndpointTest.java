package io.wsgate.it.jakarta;

import io.wsgate.it.ContainerKind;
import io.wsgate.it.ServerPerKind;
import io.wsgate.it.TestServer;
import io.wsgate.it.clients.Inbox;
import io.wsgate.it.clients.JdkClient;
import io.wsgate.it.clients.JettyClient;
import jakarta.websocket.CloseReason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Annotated endpoints deployed by wsgate's initializer: URI templates and path parameters, every kind of
 * {@code @OnMessage} parameter, return values, coders, maxMessageSize, {@code @OnClose} and {@code @OnError}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnnotatedEndpointTest {

    private final ServerPerKind servers = JakartaApp.servers(AnnotatedEndpoints.ALL);
    private final HttpClient http = HttpClient.newHttpClient();
    private JettyClient jetty;

    @AfterAll
    void stop() throws Exception {
        servers.close();
        if (jetty != null) jetty.close();
    }

    private synchronized JettyClient jetty() throws Exception {
        if (jetty == null) jetty = new JettyClient();
        return jetty;
    }

    private JdkClient.Connection connect(ContainerKind kind, String path) throws Exception {
        TestServer server = servers.get(kind);
        return JdkClient.connect(http, server.wsUri(path));
    }

    private static void await(CompletableFuture<WebSocket> send) throws Exception {
        send.get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static void bye(JdkClient.Connection c) throws Exception {
        await(c.webSocket().sendClose(WebSocket.NORMAL_CLOSURE, "bye"));
        assertEquals(1000, c.inbox().awaitClose().code());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void pathParametersOfEachTypeReachOnOpen(ContainerKind kind) throws Exception {
        JdkClient.Connection c = connect(kind, "/params/caf%C3%A9/41/9000000000");
        String reply = c.inbox().nextText();
        assertEquals("café|42|9000000001|", reply.substring(0, reply.indexOf("|{") + 1), reply);
        // getPathParameters holds the three decoded values (map order is not specified)
        String map = reply.substring(reply.indexOf("|{") + 1);
        for (String entry : new String[]{"s=café", "i=41", "boxed=9000000000"}) {
            assertEquals(true, map.contains(entry), map + " lacks " + entry);
        }
        bye(c);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void anExactPathWinsOverATemplate(ContainerKind kind) throws Exception {
        JdkClient.Connection exact = connect(kind, "/rooms/lobby");
        assertEquals("exact", exact.inbox().nextText());
        JdkClient.Connection template = connect(kind, "/rooms/kitchen");
        assertEquals("template:kitchen", template.inbox().nextText());
        bye(exact);
        bye(template);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void wholeTextBinaryAndBufferMessagesWithReturnValues(ContainerKind kind) throws Exception {
        JdkClient.Connection text = connect(kind, "/text");
        await(text.webSocket().sendText("héllo", true));
        assertEquals("text:héllo", text.inbox().nextText());
        // a text message sent in three fragments reaches a whole-String method as one
        await(text.webSocket().sendText("a", false));
        await(text.webSocket().sendText("b", false));
        await(text.webSocket().sendText("c", true));
        assertEquals("text:abc", text.inbox().nextText());
        bye(text);

        JdkClient.Connection bytes = connect(kind, "/bytes");
        await(bytes.webSocket().sendBinary(ByteBuffer.wrap(new byte[]{1, 2, 3}), true));
        assertArrayEquals(new byte[]{'b', 1, 2, 3}, bytes.inbox().nextBinary());
        bye(bytes);

        JdkClient.Connection buffer = connect(kind, "/buffer");
        await(buffer.webSocket().sendBinary(ByteBuffer.wrap(new byte[]{4, 5}), false));
        await(buffer.webSocket().sendBinary(ByteBuffer.wrap(new byte[]{6}), true));
        assertArrayEquals(new byte[]{'B', 4, 5, 6}, buffer.inbox().nextBinary());
        bye(buffer);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void partialTextArrivesAsTheClientFragmentedIt(ContainerKind kind) throws Exception {
        JdkClient.Connection c = connect(kind, "/partial");
        await(c.webSocket().sendText("one ", false));
        await(c.webSocket().sendText("two ", false));
        await(c.webSocket().sendText("three", true));
        String reply = c.inbox().nextText();
        // each frame is delivered as at least one part; the parts concatenate to the message
        assertEquals("one two three", reply.substring(reply.indexOf(':') + 1));
        assertEquals(true, Integer.parseInt(reply.substring(0, reply.indexOf(':'))) >= 3, reply);
        bye(c);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void readerAndInputStreamSeeTheWholeMessage(ContainerKind kind) throws Exception {
        String big = "ü".repeat(20_000);
        JdkClient.Connection reader = connect(kind, "/reader");
        await(reader.webSocket().sendText(big.substring(0, 7), false));
        await(reader.webSocket().sendText(big.substring(7), true));
        assertEquals("reader:" + big, reader.inbox().nextText());
        bye(reader);

        JdkClient.Connection stream = connect(kind, "/stream");
        await(stream.webSocket().sendBinary(ByteBuffer.wrap(new byte[30_000]), true));
        assertEquals("stream:30000", stream.inbox().nextText());
        bye(stream);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void primitiveParameterAndReturnValue(ContainerKind kind) throws Exception {
        JdkClient.Connection c = connect(kind, "/int");
        await(c.webSocket().sendText("41", true));
        assertEquals("42", c.inbox().nextText());
        bye(c);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void anUnsolicitedPongReachesThePongMessageMethod(ContainerKind kind) throws Exception {
        JettyClient.Connection c = jetty().connect(servers.get(kind).wsUri("/pong"));
        c.session().sendPong(ByteBuffer.wrap("hi".getBytes(StandardCharsets.UTF_8)), org.eclipse.jetty.websocket.api.Callback.NOOP);
        assertEquals("pong:hi", c.inbox().nextText());
        c.session().close(1000, "bye", org.eclipse.jetty.websocket.api.Callback.NOOP);
        assertEquals(1000, c.inbox().awaitClose().code());
    }

    /** Waits for one send of Jetty's client to complete, as its API asks before the next one. */
    private static void sent(java.util.function.Consumer<org.eclipse.jetty.websocket.api.Callback> send) throws Exception {
        org.eclipse.jetty.websocket.api.Callback.Completable done = new org.eclipse.jetty.websocket.api.Callback.Completable();
        send.accept(done);
        done.get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void jettysClientPartialTextAndBinaryEcho(ContainerKind kind) throws Exception {
        JettyClient.Connection partial = jetty().connect(servers.get(kind).wsUri("/partial"));
        sent(cb -> partial.session().sendPartialText("Jetty ", false, cb));
        sent(cb -> partial.session().sendPartialText("sends ", false, cb));
        sent(cb -> partial.session().sendPartialText("parts", true, cb));
        String reply = partial.inbox().nextText();
        assertEquals("Jetty sends parts", reply.substring(reply.indexOf(':') + 1));
        partial.session().close(1000, "bye", org.eclipse.jetty.websocket.api.Callback.NOOP);
        assertEquals(1000, partial.inbox().awaitClose().code());

        JettyClient.Connection bytes = jetty().connect(servers.get(kind).wsUri("/bytes"));
        sent(cb -> bytes.session().sendBinary(ByteBuffer.wrap(new byte[]{9, 8}), cb));
        assertArrayEquals(new byte[]{'b', 9, 8}, bytes.inbox().nextBinary());
        bytes.session().close(4001, "custom", org.eclipse.jetty.websocket.api.Callback.NOOP);
        assertEquals(4001, bytes.inbox().awaitClose().code());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void textAndBinaryDecodersAndAnEncoder(ContainerKind kind) throws Exception {
        JdkClient.Connection c = connect(kind, "/decoded");
        await(c.webSocket().sendText("3, 4", true));
        assertEquals("(4;3)", c.inbox().nextText());
        await(c.webSocket().sendBinary(ByteBuffer.allocate(8).putInt(7).putInt(-8).flip(), true));
        assertEquals("(-8;7)", c.inbox().nextText());
        bye(c);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aMessageOverMaxMessageSizeClosesWith1009(ContainerKind kind) throws Exception {
        JdkClient.Connection c = connect(kind, "/small");
        await(c.webSocket().sendText("0123456789", true));
        assertEquals("0123456789", c.inbox().nextText());
        c.webSocket().sendText("0123456789A", true);
        assertEquals(1009, c.inbox().awaitClose().code());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void onCloseReceivesThePeersCloseReason(ContainerKind kind) throws Exception {
        AnnotatedEndpoints.CloseRecorder.CLOSES.clear();
        JdkClient.Connection c = connect(kind, "/close-recorder");
        await(c.webSocket().sendClose(4321, "gone fishing"));
        assertEquals(4321, c.inbox().awaitClose().code());
        CloseReason reason = AnnotatedEndpoints.CloseRecorder.CLOSES.poll(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(reason, "@OnClose was not called");
        assertEquals(4321, reason.getCloseCode().getCode());
        assertEquals("gone fishing", reason.getReasonPhrase());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void onErrorGetsTheDecodeExceptionAndTheSessionStaysOpen(ContainerKind kind) throws Exception {
        JdkClient.Connection c = connect(kind, "/decode-errors");
        await(c.webSocket().sendBinary(ByteBuffer.wrap(new byte[3]), true));
        assertEquals("error:DecodeException:decode", c.inbox().nextText());
        await(c.webSocket().sendBinary(ByteBuffer.allocate(8).putInt(1).putInt(2).flip(), true));
        assertEquals("point:1,2", c.inbox().nextText());
        bye(c);
    }

    /**
     * What an @OnMessage method throws reaches @OnError: unchecked exceptions as they are (a DecodeException too,
     * above), checked ones wrapped in a SessionException that carries the session and the cause's message.
     */
    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void onErrorGetsRuntimeExceptionsAsTheyAreAndCheckedOnesInASessionException(ContainerKind kind) throws Exception {
        JdkClient.Connection c = connect(kind, "/callback-errors");
        await(c.webSocket().sendText("runtime", true));
        assertEquals("IllegalStateException:runtime failure", c.inbox().nextText());
        await(c.webSocket().sendText("checked", true));
        assertEquals("SessionException:checked failure cause=TimeoutException session=true", c.inbox().nextText());
        await(c.webSocket().sendText("io", true));
        assertEquals("SessionException:io failure cause=EOFException session=true", c.inbox().nextText());
        bye(c);
    }
}
