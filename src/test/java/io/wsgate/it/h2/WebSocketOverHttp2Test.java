package io.wsgate.it.h2;

import io.wsgate.it.app.EchoListener;
import io.wsgate.it.app.TestApp;
import io.wsgate.it.clients.Inbox;
import io.wsgate.it.clients.JettyClient;
import io.wsgate.engine.WebSocketPolicy;
import io.wsgate.servlet.WebSocketRoute;
import io.wsgate.servlet.WebSocketRoutes;
import jakarta.servlet.ServletContext;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * WebSocket over HTTP/2 (RFC 8441) on Jetty 12.1 over TLS, with Jetty's own HTTP/2 WebSocket client: the handshake
 * is an extended CONNECT answered 200, and the connection is wsgate's engine over the HTTP/2 stream. Before wsgate
 * served it, the request went down the filter chain and the client got the servlet's 501.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebSocketOverHttp2Test {

    /** Echo that records how its handshake arrived ("CONNECT HTTP/2.0 https://..." over RFC 8441). */
    static final String PROBE = "/probe";

    /** An endpoint under the path of {@link #OTHER}, a servlet that records what reaches it and answers 404. */
    static final String OTHER_ENDPOINT = "/other/ws";
    static final String OTHER = "/other/*";

    private final LinkedBlockingQueue<String> handshakes = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<String> passedThrough = new LinkedBlockingQueue<>();
    private final Map<H2JettyServer.Kind, H2JettyServer> servers = new EnumMap<>(H2JettyServer.Kind.class);
    private final H2Clients clients;

    WebSocketOverHttp2Test() throws Exception {
        clients = new H2Clients();
    }

    private void configure(ServletContext context) {
        TestApp.configure(context);
        WebSocketRoutes.of(context).add(new WebSocketRoute(PROBE, (request, subprotocol) -> {
            handshakes.add(request.getMethod() + " " + request.getProtocol() + " " + request.getRequestURL());
            return new EchoListener();
        }).policy(new WebSocketPolicy().maxMessageSize(16 * TestApp.MIB)))
                .add(new WebSocketRoute(OTHER_ENDPOINT, (request, subprotocol) -> new EchoListener()));
        context.addServlet("other", new jakarta.servlet.http.HttpServlet() {
            @Override
            protected void service(jakarta.servlet.http.HttpServletRequest request,
                                   jakarta.servlet.http.HttpServletResponse response) throws java.io.IOException {
                passedThrough.add(request.getMethod() + " " + request.getServletPath() + request.getPathInfo());
                response.sendError(404);
            }
        }).addMapping(OTHER);
    }

    private synchronized H2JettyServer server(H2JettyServer.Kind kind) throws Exception {
        H2JettyServer server = servers.get(kind);
        if (server == null) {
            server = H2JettyServer.start(kind, this::configure);
            servers.put(kind, server);
        }
        return server;
    }

    @AfterAll
    void stop() throws Exception {
        try {
            clients.close();
        } finally {
            for (H2JettyServer server : servers.values()) server.close();
        }
    }

    private static void send(Consumer<Callback> send) throws Exception {
        Callback.Completable done = new Callback.Completable();
        send.accept(done);
        done.get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @EnumSource(H2JettyServer.Kind.class)
    void echoesOverAnHttp2Stream(H2JettyServer.Kind kind) throws Exception {
        H2JettyServer server = server(kind);
        handshakes.clear();
        JettyClient.Connection c = clients.connect(server.wssUri(PROBE), server.origin());
        Session s = c.session();
        assertEquals(200, s.getUpgradeResponse().getStatusCode(), "RFC 8441 answers 200, not 101");
        // The same-origin check passed with the page's https Origin: the endpoint sees the https URL too.
        assertEquals("CONNECT HTTP/2.0 " + server.httpsUri(PROBE), handshakes.poll(Inbox.WAIT_SECONDS, TimeUnit.SECONDS));

        send(cb -> s.sendText("hello over h2", cb));
        assertEquals("hello over h2", c.inbox().nextText());
        // Larger than HTTP/2's initial flow-control window (64 KiB) and our 64 KiB writes: many DATA frames each way.
        byte[] data = new byte[3 * 1024 * 1024 + 7];
        new Random(8441).nextBytes(data);
        send(cb -> s.sendBinary(ByteBuffer.wrap(data), cb));
        assertArrayEquals(data, c.inbox().nextBinary());
        for (int i = 0; i < 200; i++) {
            int n = i;
            send(cb -> s.sendText("message " + n, cb));
        }
        for (int i = 0; i < 200; i++) assertEquals("message " + i, c.inbox().nextText());

        s.close(1000, "done", Callback.NOOP);
        Inbox.Close close = c.inbox().awaitClose();
        assertEquals(1000, close.code());
    }

    @ParameterizedTest
    @EnumSource(H2JettyServer.Kind.class)
    void negotiatesTheSubprotocol(H2JettyServer.Kind kind) throws Exception {
        H2JettyServer server = server(kind);
        JettyClient.Connection c = clients.connect(server.wssUri(TestApp.PROTO), server.origin(), "a", "b");
        assertEquals("b", c.session().getUpgradeResponse().getAcceptedSubProtocol());
        send(cb -> c.session().sendText("x", cb));
        assertEquals("x", c.inbox().nextText());
        c.session().close(1000, null, Callback.NOOP);
        assertEquals(1000, c.inbox().awaitClose().code());
    }

    @ParameterizedTest
    @EnumSource(H2JettyServer.Kind.class)
    void serverInitiatedCloseReachesTheClient(H2JettyServer.Kind kind) throws Exception {
        H2JettyServer server = server(kind);
        JettyClient.Connection c = clients.connect(server.wssUri(TestApp.CLOSER), server.origin());
        Inbox.Close close = c.inbox().awaitClose();
        assertEquals(io.wsgate.it.app.ClosingListener.CODE, close.code());
        assertEquals(io.wsgate.it.app.ClosingListener.REASON, close.reason());
    }

    /**
     * Jetty gives the tunnel's stream the connector idle timeout; wsgate lifts it (its own idleTimeout and
     * pingInterval govern), so a quiet connection outlives it. The wait is the point of the test: the timeout must
     * have had time to fire.
     */
    @ParameterizedTest
    @EnumSource(H2JettyServer.Kind.class)
    void aQuietConnectionOutlivesTheConnectorIdleTimeout(H2JettyServer.Kind kind) throws Exception {
        try (H2JettyServer server = H2JettyServer.start(kind, 1000, TestApp::configure)) {
            JettyClient.Connection c = clients.connect(server.wssUri(TestApp.ECHO), server.origin());
            Thread.sleep(2500);
            assertTrue(c.session().isOpen(), "closed by the idle timeout: " + c.inbox());
            send(cb -> c.session().sendText("still here", cb));
            assertEquals("still here", c.inbox().nextText());
            c.session().close(1000, null, Callback.NOOP);
            assertEquals(1000, c.inbox().awaitClose().code());
        }
    }

    private int connectStatus(H2JettyServer server, String path, String protocol, Map<String, String> headers) throws Exception {
        return RawConnect.status(clients.http2(), server, path, protocol, headers);
    }

    /** RFC 6455's rules apply over HTTP/2 too, with the same statuses: the version, the Origin, and the path. */
    @ParameterizedTest
    @EnumSource(H2JettyServer.Kind.class)
    void refusesBadHandshakesWithTheRightStatus(H2JettyServer.Kind kind) throws Exception {
        H2JettyServer server = server(kind);
        String origin = server.origin();
        assertEquals(200, connectStatus(server, TestApp.ECHO, "websocket",
                Map.of("sec-websocket-version", "13", "origin", origin)), "a valid handshake, for comparison");
        assertEquals(426, connectStatus(server, TestApp.ECHO, "websocket",
                Map.of("sec-websocket-version", "8", "origin", origin)));
        assertEquals(400, connectStatus(server, TestApp.ECHO, "websocket", Map.of("origin", origin)), "no version");
        assertEquals(403, connectStatus(server, TestApp.ECHO, "websocket",
                Map.of("sec-websocket-version", "13", "origin", "https://evil.example")));
        assertEquals(403, connectStatus(server, TestApp.ALLOW_LIST, "websocket",
                Map.of("sec-websocket-version", "13", "origin", origin)), "the endpoint's own allow-list");
        assertEquals(400, connectStatus(server, TestApp.ECHO + "?q=%zz", "websocket",
                Map.of("sec-websocket-version", "13", "origin", origin)), "malformed query");
    }

    /**
     * Not wsgate's business, so down the filter chain untouched: an extended CONNECT for a path without an endpoint,
     * or for another protocol where an endpoint is. The application's servlet sees them (and answers 404 here).
     */
    @ParameterizedTest
    @EnumSource(H2JettyServer.Kind.class)
    void passesOtherConnectsThrough(H2JettyServer.Kind kind) throws Exception {
        H2JettyServer server = server(kind);
        Map<String, String> valid = Map.of("sec-websocket-version", "13", "origin", server.origin());
        passedThrough.clear();
        assertEquals(404, connectStatus(server, "/other/none", "websocket", valid));
        assertEquals("CONNECT /other/none", passedThrough.poll(Inbox.WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(404, connectStatus(server, OTHER_ENDPOINT, "not-websocket", valid));
        assertEquals("CONNECT " + OTHER_ENDPOINT, passedThrough.poll(Inbox.WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(200, connectStatus(server, OTHER_ENDPOINT, "websocket", valid), "the endpoint, for comparison");
        assertEquals(null, passedThrough.poll());
    }

    /**
     * A client that resets its stream while the server is still in the handshake never gets the tunnel: Jetty cannot
     * send the 200 and never opens the Connection. The connection's slot must come back, or with maxConnections=1
     * every later handshake would get 503.
     */
    @ParameterizedTest
    @EnumSource(H2JettyServer.Kind.class)
    void aStreamResetDuringTheHandshakeGivesItsSlotBack(H2JettyServer.Kind kind) throws Exception {
        CompletableFuture<Void> entered = new CompletableFuture<>();
        CompletableFuture<Void> resetDone = new CompletableFuture<>();
        try (H2JettyServer server = H2JettyServer.start(kind, context -> {
            TestApp.configure(context, Map.of("maxConnections", "1"));
            WebSocketRoutes.of(context).add(new WebSocketRoute("/gate", (request, subprotocol) -> {
                entered.complete(null);
                resetDone.join(); // the client resets its stream meanwhile
                return new EchoListener();
            }));
        })) {
            RawConnect.resetDuringHandshake(clients.http2(), server, "/gate", entered, resetDone);
            Map<String, String> valid = Map.of("sec-websocket-version", "13", "origin", server.origin());
            int[] last = {0};
            boolean freed = io.wsgate.it.Deadline.await(java.time.Duration.ofSeconds(20), () -> {
                try {
                    last[0] = connectStatus(server, TestApp.ECHO, "websocket", valid);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return last[0] == 200;
            });
            assertTrue(freed, "the reset handshake kept its slot: a new one gets " + last[0]);
        }
    }

    /** A tunnel the client resets (a killed tab): the endpoint is told 1006 and the connection's slot comes back. */
    @ParameterizedTest
    @EnumSource(H2JettyServer.Kind.class)
    void aResetTunnelEndsTheConnectionAndFreesItsSlot(H2JettyServer.Kind kind) throws Exception {
        CompletableFuture<Void> opened = new CompletableFuture<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        try (H2JettyServer server = H2JettyServer.start(kind, context -> {
            TestApp.configure(context, Map.of("maxConnections", "1"));
            WebSocketRoutes.of(context).add(new WebSocketRoute("/watched", (request, subprotocol) -> new io.wsgate.engine.WebSocketListener() {
                @Override public void onTextChunk(ByteBuffer utf8, boolean last) {}
                @Override public void onBinaryChunk(ByteBuffer data, boolean last) {}
                @Override public void onOpen(io.wsgate.engine.WebSocketSession session) {
                    opened.complete(null);
                }
                @Override public void onClose(int code, String reason) {
                    closed.complete(code);
                }
            }));
        })) {
            RawConnect.openThenReset(clients.http2(), server, "/watched", opened);
            assertEquals(1006, closed.get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS));
            Map<String, String> valid = Map.of("sec-websocket-version", "13", "origin", server.origin());
            assertEquals(200, connectStatus(server, TestApp.ECHO, "websocket", valid), "the slot is free again");
        }
    }

    /** Undeploying the application closes its HTTP/2 WebSockets with 1001, as it does over HTTP/1.1. */
    @ParameterizedTest
    @EnumSource(H2JettyServer.Kind.class)
    void stoppingTheApplicationClosesWith1001(H2JettyServer.Kind kind) throws Exception {
        try (H2JettyServer server = H2JettyServer.start(kind, TestApp::configure)) {
            JettyClient.Connection c = clients.connect(server.wssUri(TestApp.ECHO), server.origin());
            send(cb -> c.session().sendText("before", cb));
            assertEquals("before", c.inbox().nextText());
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
                try {
                    server.stopApplication();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals(1001, c.inbox().awaitClose().code());
            stopped.get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
