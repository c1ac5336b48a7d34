package io.wsgate.it.client;

import io.wsgate.it.ContainerKind;
import io.wsgate.it.ServerPerKind;
import io.wsgate.it.TestServer;
import io.wsgate.it.app.TestApp;
import io.wsgate.jakarta.WsgateInitializer;
import io.wsgate.it.ContextExtras;
import io.wsgate.jakarta.client.WsgateClientContainer;
import jakarta.websocket.ClientEndpoint;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * wsgate's Jakarta client from plain Java SE (no container around it) against wsgate's own server on Tomcat 11,
 * Jetty 12.1 ee11 and ee10: the four connectToServer overloads, text, binary, a large message sent in parts,
 * ping/pong, close codes both ways, subprotocols, configurator headers both ways.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JakartaClientTest {

    private final ServerPerKind servers = new ServerPerKind(
            ContextExtras.none().initializer(new WsgateInitializer(), UpstreamEndpoints.ALL),
            TestApp::addPlainServlet);
    private final WsgateClientContainer client = new WsgateClientContainer();

    @AfterAll
    void stop() throws Exception {
        servers.close();
    }

    private URI uri(ContainerKind kind, String path) {
        return servers.get(kind).wsUri(path);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void textBinaryAndALargeMessageInPartsEchoThroughAProgrammaticEndpoint(ContainerKind kind) throws Exception {
        WsgateClientContainer client = new WsgateClientContainer();
        client.setDefaultMaxBinaryMessageBufferSize(8 * 1024 * 1024);
        ClientInbox inbox = new ClientInbox();
        Session s = client.connectToServer(inbox, ClientEndpointConfig.Builder.create().build(), uri(kind, "/echo"));
        assertTrue(s.isOpen());
        assertEquals(8 * 1024 * 1024, s.getMaxBinaryMessageBufferSize(), "the container's default applies");
        assertTrue(inbox.openedOn != null, "onOpen ran before connectToServer returned");
        s.getBasicRemote().sendText("hello ✓ 😀");
        assertEquals("hello ✓ 😀", inbox.nextText());
        byte[] data = new byte[1000];
        new Random(1).nextBytes(data);
        s.getBasicRemote().sendBinary(ByteBuffer.wrap(data));
        assertArrayEquals(data, (byte[]) inbox.next());
        // 4 MiB in 64 parts of 64 KiB: fragmented on the wire, reassembled and echoed by the server
        byte[] big = new byte[4 * 1024 * 1024];
        new Random(2).nextBytes(big);
        for (int off = 0; off < big.length; off += 65536) {
            s.getBasicRemote().sendBinary(ByteBuffer.wrap(big, off, 65536), off + 65536 == big.length);
        }
        assertArrayEquals(big, (byte[]) inbox.next());
        s.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "done"));
        assertEquals(1000, inbox.awaitClose().getCloseCode().getCode());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aLargeTextMessageFromTheServerArrivesWhole(ContainerKind kind) throws Exception {
        WsgateClientContainer c = new WsgateClientContainer();
        c.setDefaultMaxTextMessageBufferSize(4 * 1024 * 1024);
        ClientInbox inbox = new ClientInbox();
        Session s = c.connectToServer(inbox, ClientEndpointConfig.Builder.create().build(), uri(kind, "/echo"));
        String text = "x".repeat(3 * 1024 * 1024 - 1) + "é";
        s.getAsyncRemote().sendText(text).get(30, TimeUnit.SECONDS);
        assertEquals(text, inbox.nextText());
        s.close();
        inbox.awaitClose();
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void pingsArePongedBothWays(ContainerKind kind) throws Exception {
        ClientInbox inbox = new ClientInbox();
        Session s = client.connectToServer(inbox, ClientEndpointConfig.Builder.create().build(), uri(kind, "/echo"));
        s.getBasicRemote().sendPing(ByteBuffer.wrap(new byte[]{1, 2, 3}));
        PongMessage pong = (PongMessage) inbox.next();
        assertEquals(ByteBuffer.wrap(new byte[]{1, 2, 3}), pong.getApplicationData());
        // the server pings: the engine answers; the server endpoint sees nothing, so just check the session lives on
        s.getBasicRemote().sendText("ping");
        s.getBasicRemote().sendText("after");
        assertEquals("after", inbox.nextText());
        s.close();
        inbox.awaitClose();
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void theServersCloseCodeReachesTheClient(ContainerKind kind) throws Exception {
        ClientInbox inbox = new ClientInbox();
        Session s = client.connectToServer(inbox, ClientEndpointConfig.Builder.create().build(), uri(kind, "/echo"));
        s.getBasicRemote().sendText("close 4001");
        CloseReason reason = inbox.awaitClose();
        assertEquals(4001, reason.getCloseCode().getCode());
        assertEquals("asked", reason.getReasonPhrase());
        assertFalse(s.isOpen());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void theClientsCloseCodeReachesTheServer(ContainerKind kind) throws Exception {
        // the server's CloseRecorder is not needed: the server answers with the same code, which the client sees
        ClientInbox inbox = new ClientInbox();
        Session s = client.connectToServer(inbox, ClientEndpointConfig.Builder.create().build(), uri(kind, "/echo"));
        s.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(4002), "client bye"));
        CloseReason reason = inbox.awaitClose();
        assertEquals(4002, reason.getCloseCode().getCode());
        assertFalse(s.isOpen());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void theServersSubprotocolChoiceIsVisible(ContainerKind kind) throws Exception {
        ClientInbox inbox = new ClientInbox();
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create().preferredSubprotocols(List.of("a", "b", "c")).build();
        Session s = client.connectToServer(inbox, config, uri(kind, "/proto"));
        String chosen = s.getNegotiatedSubprotocol();
        assertTrue(chosen.equals("b") || chosen.equals("c"), chosen);
        assertEquals("proto=" + chosen, inbox.nextText());
        s.close();
        inbox.awaitClose();

        ClientInbox none = new ClientInbox();
        Session s2 = client.connectToServer(none, ClientEndpointConfig.Builder.create().build(), uri(kind, "/proto"));
        assertEquals("", s2.getNegotiatedSubprotocol());
        s2.close();
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void theConfiguratorChangesRequestHeadersAndSeesTheResponse(ContainerKind kind) throws Exception {
        CompletableFuture<Map<String, List<String>>> response = new CompletableFuture<>();
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create().configurator(new ClientEndpointConfig.Configurator() {
            @Override
            public void beforeRequest(Map<String, List<String>> headers) {
                assertTrue(headers.containsKey("Sec-WebSocket-Key"), "the request's headers are offered");
                headers.put("X-Client", List.of("from-configurator"));
            }

            @Override
            public void afterResponse(HandshakeResponse hr) {
                response.complete(hr.getHeaders());
            }
        }).build();
        ClientInbox inbox = new ClientInbox();
        Session s = client.connectToServer(inbox, config, uri(kind, "/headers"));
        assertEquals("x-client=from-configurator", inbox.nextText());
        Map<String, List<String>> headers = response.get(5, TimeUnit.SECONDS);
        assertEquals(List.of("upstream"), headers.get("X-Server"));
        assertTrue(headers.containsKey("sec-websocket-accept"), "keys are case-insensitive: " + headers.keySet());
        s.close();
    }

    /** An annotated client endpoint. */
    @ClientEndpoint(subprotocols = {"b"})
    public static class AnnotatedClient {
        static final BlockingQueue<String> EVENTS = new LinkedBlockingQueue<>();

        @OnOpen
        public void open(Session session) {
            EVENTS.add("open " + session.getNegotiatedSubprotocol());
        }

        @OnMessage
        public String message(String text) {
            EVENTS.add("message " + text);
            return text.startsWith("proto=") ? "answer" : null;
        }

        @OnClose
        public void close(CloseReason reason) {
            EVENTS.add("close " + reason.getCloseCode().getCode());
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void annotatedClientEndpointsByInstanceAndByClass(ContainerKind kind) throws Exception {
        AnnotatedClient.EVENTS.clear();
        Session s = client.connectToServer(new AnnotatedClient(), uri(kind, "/proto"));
        assertEquals("open b", AnnotatedClient.EVENTS.poll(30, TimeUnit.SECONDS));
        assertEquals("message proto=b", AnnotatedClient.EVENTS.poll(30, TimeUnit.SECONDS));
        s.close();
        assertEquals("close 1000", AnnotatedClient.EVENTS.poll(30, TimeUnit.SECONDS));

        Session s2 = client.connectToServer(AnnotatedClient.class, uri(kind, "/echo"));
        assertEquals("open ", AnnotatedClient.EVENTS.poll(30, TimeUnit.SECONDS));
        s2.getBasicRemote().sendText("round");
        assertEquals("message round", AnnotatedClient.EVENTS.poll(30, TimeUnit.SECONDS));
        s2.close();
        assertEquals("close 1000", AnnotatedClient.EVENTS.poll(30, TimeUnit.SECONDS));
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aProgrammaticEndpointByClass(ContainerKind kind) throws Exception {
        Session s = client.connectToServer(ClientInbox.class, ClientEndpointConfig.Builder.create().build(), uri(kind, "/echo"));
        assertTrue(s.isOpen());
        s.close();
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void theContainersDefaultsApplyToNewSessions(ContainerKind kind) throws Exception {
        WsgateClientContainer c = new WsgateClientContainer();
        c.setDefaultMaxSessionIdleTimeout(300);
        c.setAsyncSendTimeout(1234);
        c.setDefaultMaxTextMessageBufferSize(10);
        ClientInbox inbox = new ClientInbox();
        Session s = c.connectToServer(inbox, ClientEndpointConfig.Builder.create().build(), uri(kind, "/echo"));
        assertEquals(300, s.getMaxIdleTimeout());
        assertEquals(1234, s.getAsyncRemote().getSendTimeout());
        assertEquals(10, s.getMaxTextMessageBufferSize());
        // nothing received for 300 ms: the client closes the session
        CloseReason reason = inbox.awaitClose();
        assertFalse(s.isOpen());
        assertTrue(reason.getCloseCode().getCode() == 1006 || reason.getCloseCode().getCode() == 1001, reason.toString());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aMessageOverTheClientsBufferSizeClosesWith1009(ContainerKind kind) throws Exception {
        WsgateClientContainer c = new WsgateClientContainer();
        c.setDefaultMaxTextMessageBufferSize(10);
        ClientInbox inbox = new ClientInbox();
        Session s = c.connectToServer(inbox, ClientEndpointConfig.Builder.create().build(), uri(kind, "/echo"));
        s.getBasicRemote().sendText("more than ten bytes");
        assertEquals(1009, inbox.awaitClose().getCloseCode().getCode());
    }

    @Test
    void containerProviderGivesWsgatesClientWhereNoOtherImplementationIsVisible() {
        WebSocketContainer c = ContainerProvider.getWebSocketContainer();
        assertInstanceOf(WsgateClientContainer.class, c);
    }

    @Test
    void theSelectorThreadEndsWhenTheLastConnectionCloses() throws Exception {
        WsgateClientContainer c = new WsgateClientContainer();
        ClientInbox inbox = new ClientInbox();
        Session s = c.connectToServer(inbox, ClientEndpointConfig.Builder.create().build(), uri(ContainerKind.TOMCAT, "/echo"));
        Thread selector = c.loop().selectorThread();
        assertTrue(selector != null && selector.isDaemon());
        s.close();
        inbox.awaitClose();
        selector.join(10_000);
        assertFalse(selector.isAlive(), "selector thread ended");
        assertEquals(0, c.loop().connections());
        assertNull(c.loop().selectorThread());
    }
}
