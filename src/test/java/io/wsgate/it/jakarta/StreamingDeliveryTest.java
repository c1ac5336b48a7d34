package io.wsgate.it.jakarta;

import io.wsgate.it.ContainerKind;
import io.wsgate.it.ServerPerKind;
import io.wsgate.it.TestServer;
import io.wsgate.it.clients.Inbox;
import io.wsgate.it.clients.JdkClient;
import io.wsgate.it.raw.FrameBuilder;
import io.wsgate.it.raw.RawWebSocketClient;
import io.wsgate.it.raw.ServerFrame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Over the wire, on each container: Reader and InputStream handlers and stream decoders read a message while it
 * is still arriving, partial handlers get each frame as it arrives (the client sends the rest of a message only
 * after the endpoint has answered its first part, so a server that waited for the whole message would never
 * answer), and a stream read ends with an IOException when the message is cut off by invalid UTF-8 or a close,
 * before onError and onClose.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class StreamingDeliveryTest {

    private final ServerPerKind servers = JakartaApp.servers(StreamingEndpoints.ALL);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterAll
    void stop() throws Exception {
        servers.close();
    }

    private JdkClient.Connection connect(ContainerKind kind, String path) throws Exception {
        return JdkClient.connect(http, servers.get(kind).wsUri(path));
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
    void aReaderReadsTheFirstFragmentBeforeTheLastIsSent(ContainerKind kind) throws Exception {
        JdkClient.Connection c = connect(kind, "/streaming/reader");
        for (int round = 0; round < 2; round++) {    // and the next message is streamed the same way
            await(c.webSocket().sendText("héllo ", false));
            assertEquals("first:héllo ", c.inbox().nextText());
            await(c.webSocket().sendText("wörld", true));
            assertEquals("total:11", c.inbox().nextText());
        }
        bye(c);
    }

    /**
     * A fragment several times the hand-over buffer suspends and resumes reading repeatedly while the client sends
     * nothing more; after the handler has read it all, reading must still pick up what the client sends next.
     */
    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void readingResumesAfterTheHandlerCaughtUpWithAQuietPeer(ContainerKind kind) throws Exception {
        JdkClient.Connection c = connect(kind, "/streaming/progress");
        await(c.webSocket().sendText("a".repeat(300_000), false));
        String got;
        do {
            got = c.inbox().nextText();
        } while (!got.equals("got:300000"));
        await(c.webSocket().sendText("xyz", true));
        String last;
        do {
            last = c.inbox().nextText();
        } while (last.startsWith("got:"));
        assertEquals("total:300003", last);
        bye(c);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void anInputStreamReadsTheFirstFragmentBeforeTheLastIsSent(ContainerKind kind) throws Exception {
        JdkClient.Connection c = connect(kind, "/streaming/stream");
        await(c.webSocket().sendBinary(ByteBuffer.wrap(new byte[1000]), false));
        assertEquals("first:1000", c.inbox().nextText());
        await(c.webSocket().sendBinary(ByteBuffer.wrap(new byte[24]), true));
        assertEquals("total:1024", c.inbox().nextText());
        bye(c);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aStreamDecoderReadsTheFirstFragmentBeforeTheLastIsSent(ContainerKind kind) throws Exception {
        StreamingEndpoints.decoderFirstReads.clear();
        JdkClient.Connection c = connect(kind, "/streaming/decoded");
        await(c.webSocket().sendText("abc", false));
        assertEquals("abc", StreamingEndpoints.decoderFirstReads.poll(Inbox.WAIT_SECONDS, TimeUnit.SECONDS));
        await(c.webSocket().sendText("defg", true));
        assertEquals("decoded:7", c.inbox().nextText());
        bye(c);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aPartialTextHandlerGetsEachFrameAsItArrives(ContainerKind kind) throws Exception {
        JdkClient.Connection c = connect(kind, "/streaming/partial-text");
        await(c.webSocket().sendText("one", false));
        assertEquals("part:one:false", c.inbox().nextText());
        await(c.webSocket().sendText("two", false));
        assertEquals("part:two:false", c.inbox().nextText());
        await(c.webSocket().sendText("three", true));
        assertEquals("part:three:true", c.inbox().nextText());
        bye(c);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aPartialBinaryHandlerGetsEachFrameAsItArrives(ContainerKind kind) throws Exception {
        JdkClient.Connection c = connect(kind, "/streaming/partial-binary");
        await(c.webSocket().sendBinary(ByteBuffer.wrap(new byte[10]), false));
        assertEquals("part:10:false", c.inbox().nextText());
        await(c.webSocket().sendBinary(ByteBuffer.wrap(new byte[5]), true));
        assertEquals("part:5:true", c.inbox().nextText());
        bye(c);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void invalidUtf8MidStreamFailsTheReadThenClosesWith1007(ContainerKind kind) throws Exception {
        StreamingEndpoints.recorded.clear();
        TestServer server = servers.get(kind);
        try (RawWebSocketClient raw = RawWebSocketClient.open(server, "/streaming/recorded")) {
            raw.send(FrameBuilder.text("abc").fin(false));
            assertEquals("first:abc", raw.expectFrame(0x1).text());
            raw.send(FrameBuilder.continuation(new byte[]{'d', (byte) 0xC3, (byte) 0x28}).fin(true));
            ServerFrame close = raw.readClose();
            assertEquals(1007, close.closeCode());
            raw.replyCloseQuietly(1007);
        }
        assertRecorded("read failed: IOException", "error", "close 1007");
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aCloseMidStreamFailsTheReadBeforeOnClose(ContainerKind kind) throws Exception {
        StreamingEndpoints.recorded.clear();
        TestServer server = servers.get(kind);
        try (RawWebSocketClient raw = RawWebSocketClient.open(server, "/streaming/recorded")) {
            raw.send(FrameBuilder.text("abc").fin(false));
            assertEquals("first:abc", raw.expectFrame(0x1).text());
            raw.send(FrameBuilder.close(1001, "leaving"));
            assertEquals(1001, raw.readClose().closeCode());
        }
        assertRecorded("read failed: IOException", "close 1001");
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void theSizeLimitStillAppliesAndCutsTheStreamOffWith1009(ContainerKind kind) throws Exception {
        StreamingEndpoints.recorded.clear();
        TestServer server = servers.get(kind);
        try (RawWebSocketClient raw = RawWebSocketClient.open(server, "/streaming/recorded")) {
            raw.send(FrameBuilder.text("abc").fin(false));
            assertEquals("first:abc", raw.expectFrame(0x1).text());
            // past the default limit of 64 KiB: refused from the frame header
            raw.send(FrameBuilder.continuation("x".repeat(70 * 1024)).fin(true));
            assertEquals(1009, raw.readClose().closeCode());
            raw.replyCloseQuietly(1009);
        }
        assertRecorded("read failed: IOException", "error", "close 1009");
    }

    private static void assertRecorded(String... expected) throws InterruptedException {
        for (String e : expected) {
            String got = StreamingEndpoints.recorded.poll(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals(e, got, "then " + StreamingEndpoints.recorded);
        }
        assertTrue(StreamingEndpoints.recorded.isEmpty(), "nothing more: " + StreamingEndpoints.recorded);
    }
}
