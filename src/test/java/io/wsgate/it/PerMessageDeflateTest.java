package io.wsgate.it;

import io.wsgate.it.app.EchoListener;
import io.wsgate.it.app.TestApp;
import io.wsgate.it.clients.Inbox;
import io.wsgate.it.clients.JettyClient;
import io.wsgate.it.raw.FrameBuilder;
import io.wsgate.it.raw.HandshakeRequest;
import io.wsgate.it.raw.RawResponse;
import io.wsgate.it.raw.RawWebSocketClient;
import io.wsgate.it.raw.Rfc6455;
import io.wsgate.it.raw.ServerFrame;
import io.wsgate.servlet.WebSocketRoute;
import io.wsgate.servlet.WebSocketRoutes;
import jakarta.servlet.ServletContext;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * permessage-deflate (RFC 7692) over the wire on every container: Jetty's client (which implements it) echoing
 * through {@code /echo}, and raw sockets for what the negotiation answers and for what a client must not send.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PerMessageDeflateTest {

    private static final String NO_DEFLATE_ROUTE = "/echo-uncompressed";
    private static final String EXTENSIONS = "Sec-WebSocket-Extensions";

    private final ServerPerKind servers = new ServerPerKind(context -> {
        TestApp.configure(context);
        WebSocketRoutes.of(context).add(new WebSocketRoute(NO_DEFLATE_ROUTE, (request, subprotocol) -> new EchoListener())
                .permessageDeflate(false));
    });
    private final ServerPerKind switchedOff = new ServerPerKind(context -> configure(context, Map.of("permessageDeflate", "false")));
    private final ServerPerKind noContext = new ServerPerKind(context -> configure(context,
            Map.of("deflateServerContextTakeover", "false", "deflateMinMessageSize", "0")));
    private final JettyClient jetty;

    PerMessageDeflateTest() throws Exception {
        jetty = new JettyClient();
    }

    private static void configure(ServletContext context, Map<String, String> params) {
        TestApp.addWsgateFilter(context, params);
        TestApp.addPlainServlet(context);
        WebSocketRoutes.of(context).add(new WebSocketRoute(TestApp.ECHO, (request, subprotocol) -> new EchoListener()));
    }

    @AfterAll
    void stop() throws Exception {
        try (servers; switchedOff; noContext) {
            jetty.close();
        }
    }

    private static void send(Consumer<Callback> send) throws Exception {
        Callback.Completable done = new Callback.Completable();
        send.accept(done);
        done.get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static String json(int i) {
        return "{\"id\":" + i + ",\"user\":\"alice\",\"room\":\"general\",\"text\":\"the report is ready for review, "
                + "see you at the meeting at noon\",\"tags\":[\"work\",\"report\",\"meeting\"]}";
    }

    // ---- Jetty's client --------------------------------------------------------------------------------

    private void echoesThrough(ContainerKind kind, String offer, String expectedAnswer) throws Exception {
        JettyClient.Connection c = jetty.connectOffering(servers.get(kind).wsUri(TestApp.ECHO), offer);
        Session s = c.session();
        assertEquals(expectedAnswer, s.getUpgradeResponse().getHeader(EXTENSIONS));
        for (int i = 0; i < 50; i++) {
            String m = json(i);
            send(cb -> s.sendText(m, cb));
            assertEquals(m, c.inbox().nextText());
        }
        send(cb -> s.sendText("tiny", cb));
        assertEquals("tiny", c.inbox().nextText());
        String big = json(7).repeat(20_000);     // 2.7 MB of text, many frames each way
        send(cb -> s.sendText(big, cb));
        assertEquals(big, c.inbox().nextText());
        byte[] noise = new byte[1 << 20];
        new Random(3).nextBytes(noise);          // incompressible: goes back uncompressed
        send(cb -> s.sendBinary(ByteBuffer.wrap(noise), cb));
        assertArrayEquals(noise, c.inbox().nextBinary());
        s.close();
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void jettyClientEchoesWithContextTakeover(ContainerKind kind) throws Exception {
        echoesThrough(kind, "permessage-deflate", "permessage-deflate");
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void jettyClientEchoesWithoutContextTakeover(ContainerKind kind) throws Exception {
        echoesThrough(kind, "permessage-deflate; client_no_context_takeover; server_no_context_takeover",
                "permessage-deflate; server_no_context_takeover; client_no_context_takeover");
    }

    // ---- negotiation, raw ------------------------------------------------------------------------------

    private RawResponse handshake(TestServer server, String path, String... offers) throws Exception {
        HandshakeRequest request = HandshakeRequest.to(server, path);
        for (String offer : offers) request.add(EXTENSIONS, offer);
        return RawWebSocketClient.exchange(server, request);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void invalidOffersFallThroughToTheNextOrToNone(ContainerKind kind) throws Exception {
        TestServer server = servers.get(kind);
        RawResponse r = handshake(server, TestApp.ECHO,
                "permessage-deflate; server_max_window_bits=16, permessage-deflate; foo",
                "permessage-deflate; client_max_window_bits; server_max_window_bits=10");
        assertEquals(101, r.status(), r::toString);
        assertEquals("permessage-deflate; server_max_window_bits=10", r.header(EXTENSIONS));

        r = handshake(server, TestApp.ECHO, "permessage-deflate; server_no_context_takeover=x, "
                + "permessage-deflate; client_no_context_takeover; client_no_context_takeover, x-webkit-deflate-frame");
        assertEquals(101, r.status(), r::toString);
        assertFalse(r.hasHeader(EXTENSIONS), r::toString);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void switchedOffForTheApplicationOrTheEndpoint(ContainerKind kind) throws Exception {
        RawResponse r = handshake(switchedOff.get(kind), TestApp.ECHO, "permessage-deflate");
        assertEquals(101, r.status(), r::toString);
        assertNull(r.header(EXTENSIONS));
        r = handshake(servers.get(kind), NO_DEFLATE_ROUTE, "permessage-deflate");
        assertEquals(101, r.status(), r::toString);
        assertNull(r.header(EXTENSIONS));
        r = handshake(noContext.get(kind), TestApp.ECHO, "permessage-deflate");
        assertEquals("permessage-deflate; server_no_context_takeover", r.header(EXTENSIONS));
    }

    // ---- compressed frames, raw ------------------------------------------------------------------------

    private static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            d.setInput(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH)) > 0) {
                out.write(buf, 0, n);
                if (n < buf.length && d.needsInput()) break;
            }
            byte[] all = out.toByteArray();
            return Arrays.copyOf(all, all.length - 4);
        } finally {
            d.end();
        }
    }

    private static byte[] inflate(byte[] payload) throws Exception {
        Inflater i = new Inflater(true);
        try {
            byte[] in = Arrays.copyOf(payload, payload.length + 4);
            in[in.length - 2] = (byte) 0xFF;
            in[in.length - 1] = (byte) 0xFF;
            i.setInput(in);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = i.inflate(buf)) > 0) out.write(buf, 0, n);
            return out.toByteArray();
        } finally {
            i.end();
        }
    }

    private RawWebSocketClient openDeflate(TestServer server, String path, String offer) throws Exception {
        RawWebSocketClient client = RawWebSocketClient.open(server, HandshakeRequest.to(server, path).add(EXTENSIONS, offer));
        assertTrue(client.handshake().header(EXTENSIONS).startsWith("permessage-deflate"), client.handshake()::toString);
        return client.allowRsv(4);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void smallServerWindowIsAnsweredWithoutBackReferences(ContainerKind kind) throws Exception {
        TestServer server = servers.get(kind);
        try (RawWebSocketClient client = openDeflate(server, TestApp.ECHO, "permessage-deflate; server_max_window_bits=9")) {
            assertEquals("permessage-deflate; server_max_window_bits=9", client.handshake().header(EXTENSIONS));
            String text = "abcd".repeat(2000);
            client.send(FrameBuilder.text(deflate(text.getBytes(StandardCharsets.UTF_8))).rsv(4));
            ServerFrame echo = client.expectFrame(Rfc6455.OP_TEXT);
            assertEquals(4, echo.rsv());
            assertEquals(text, new String(inflate(echo.payload()), StandardCharsets.UTF_8));
            // 8,000 bytes of 4 symbols: with back-references a few dozen bytes; Huffman-only needs 2 bits per byte
            assertTrue(echo.payload().length >= 2000, "no back-references: " + echo.payload().length + " bytes");
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void compressedControlFrameIsAProtocolError(ContainerKind kind) throws Exception {
        try (RawWebSocketClient client = openDeflate(servers.get(kind), TestApp.ECHO, "permessage-deflate")) {
            client.send(FrameBuilder.ping(new byte[]{1}).rsv(4));
            ServerClose.expect(client, 1002);
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void rsv1OnAContinuationIsAProtocolError(ContainerKind kind) throws Exception {
        try (RawWebSocketClient client = openDeflate(servers.get(kind), TestApp.ECHO, "permessage-deflate")) {
            byte[] c = deflate("hello hello hello".getBytes(StandardCharsets.UTF_8));
            client.sendTogether(FrameBuilder.text(Arrays.copyOf(c, 3)).rsv(4).fin(false),
                    FrameBuilder.continuation(Arrays.copyOfRange(c, 3, c.length)).rsv(4));
            ServerClose.expect(client, 1002);
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void rsv1WithoutNegotiationIsAProtocolError(ContainerKind kind) throws Exception {
        try (RawWebSocketClient client = RawWebSocketClient.open(servers.get(kind), TestApp.ECHO)) {
            assertFalse(client.handshake().hasHeader(EXTENSIONS));
            client.send(FrameBuilder.text(deflate("hello".getBytes(StandardCharsets.UTF_8))).rsv(4));
            ServerClose.expect(client, 1002);
        }
    }

    /** 256 MiB of zeros in one compressed frame of about 256 KiB, to an endpoint whose messages are at most 1 KiB. */
    private static final byte[] BOMB;

    static {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] zeros = new byte[1 << 20];
        byte[] buf = new byte[64 * 1024];
        for (int i = 0; i < 256; i++) {
            d.setInput(zeros);
            while (!d.needsInput()) out.write(buf, 0, d.deflate(buf, 0, buf.length, Deflater.NO_FLUSH));
        }
        int n;
        do {
            n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            out.write(buf, 0, n);
        } while (n == buf.length);
        d.end();
        byte[] all = out.toByteArray();
        BOMB = Arrays.copyOf(all, all.length - 4);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void decompressionBombClosesWith1009(ContainerKind kind) throws Exception {
        assertTrue(BOMB.length < 300 * 1024, "bomb of " + BOMB.length);
        try (RawWebSocketClient client = openDeflate(servers.get(kind), TestApp.SMALL, "permessage-deflate")) {
            client.send(FrameBuilder.binary(BOMB).rsv(4));
            ServerClose.expect(client, 1009);
        }
        // and the server still serves
        try (RawWebSocketClient client = RawWebSocketClient.open(servers.get(kind), TestApp.ECHO)) {
            client.send(FrameBuilder.text("still here"));
            assertEquals("still here", client.expectFrame(Rfc6455.OP_TEXT).text());
        }
    }
}
