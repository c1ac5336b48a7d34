package io.wsgate.it;

import io.wsgate.it.app.ConnectionCounter;
import io.wsgate.it.app.TestApp;
import io.wsgate.it.raw.FrameBuilder;
import io.wsgate.it.raw.HandshakeRequest;
import io.wsgate.it.raw.RawResponse;
import io.wsgate.it.raw.RawWebSocketClient;
import io.wsgate.it.raw.Rfc6455;
import io.wsgate.servlet.UpgradeEndpoint;
import io.wsgate.servlet.WebSocketRoute;
import io.wsgate.servlet.WebSocketRoutes;
import io.wsgate.servlet.WebSocketUpgrader;
import io.wsgate.engine.WebSocketListener;
import io.wsgate.engine.WebSocketPolicy;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * maxConnections and maxConnectionsPerAddress: a handshake over a cap is refused with 503 and Retry-After, counted;
 * a slot is held from the handshake to the close (or a failed upgrade), exactly, however many handshakes race.
 */
class ConnectionCapsTest {

    private static final String PATH = "/count";
    private static final String REFUSING = "/refusing";

    private static TestServer start(ContainerKind kind, Map<String, String> params, ConnectionCounter counter,
                                    AtomicReference<ServletContext> application) {
        return TestServer.start(kind, context -> {
            application.set(context);
            TestApp.addWsgateFilter(context, params);
            TestApp.addPlainServlet(context);
            WebSocketRoutes.of(context).add(new WebSocketRoute(PATH, (request, subprotocol) -> counter.newListener()))
                    .addRouter((path, request) -> path.equals(REFUSING) ? new Refusing() : null);
        });
    }

    /** An endpoint that refuses every upgrade in its last step, after wsgate reserved the slot. */
    static final class Refusing implements UpgradeEndpoint {
        @Override public String selectSubprotocol(List<String> offered, HttpServletRequest request) { return null; }
        @Override public WebSocketPolicy policy() { return null; }
        @Override public WebSocketListener accept(HttpServletRequest request, HttpServletResponse response, String subprotocol)
                throws java.io.IOException {
            response.sendError(403);
            return null;
        }
    }

    private static void assertServiceUnavailable(RawResponse response) {
        assertEquals(503, response.status(), response::toString);
        assertEquals(Integer.toString(10), response.header("Retry-After"), response::toString);
        assertFalse(response.hasHeader("Sec-WebSocket-Accept"), response::toString);
        assertFalse(response.bodyText().contains("maxConnections"), "the cap's name and value are for the log: " + response);
    }

    private static RawWebSocketClient openEchoing(TestServer server) throws Exception {
        RawWebSocketClient client = RawWebSocketClient.open(server, PATH);
        client.send(FrameBuilder.text("hi"));
        assertEquals("ok", client.expectFrame(Rfc6455.OP_TEXT).text());
        return client;
    }

    private static void closePolitely(RawWebSocketClient client) throws Exception {
        client.send(FrameBuilder.close(1000, ""));
        assertEquals(1000, client.readClose().closeCode());
        client.awaitEof();
        client.close();
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void overTheApplicationCapIs503UntilAConnectionCloses(ContainerKind kind) throws Exception {
        ConnectionCounter counter = new ConnectionCounter();
        AtomicReference<ServletContext> application = new AtomicReference<>();
        try (TestServer server = start(kind, Map.of("maxConnections", "3"), counter, application)) {
            WebSocketUpgrader upgrader = WebSocketUpgrader.of(application.get());
            List<RawWebSocketClient> clients = new ArrayList<>();
            for (int i = 0; i < 3; i++) clients.add(openEchoing(server));
            assertServiceUnavailable(RawWebSocketClient.exchange(server, HandshakeRequest.to(server, PATH)));
            assertEquals(1, upgrader.refusedByConnectionCaps());

            // failed upgrades give their slot back: the endpoint refuses after the reservation
            closePolitely(clients.remove(0));
            assertTrue(Deadline.await(Duration.ofSeconds(30), () -> upgrader.openConnections() == 2), "a slot freed");
            for (int i = 0; i < 5; i++) {
                assertEquals(403, RawWebSocketClient.exchange(server, HandshakeRequest.to(server, REFUSING)).status());
            }
            clients.add(openEchoing(server));
            assertServiceUnavailable(RawWebSocketClient.exchange(server, HandshakeRequest.to(server, PATH)));
            assertEquals(2, upgrader.refusedByConnectionCaps());
            for (RawWebSocketClient client : clients) closePolitely(client);
            assertTrue(Deadline.await(Duration.ofSeconds(30), () -> upgrader.openConnections() == 0), "all closed");
            clients.clear();
            for (int i = 0; i < 3; i++) clients.add(openEchoing(server));
            for (RawWebSocketClient client : clients) client.close();
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void overThePerAddressCapIs503(ContainerKind kind) throws Exception {
        ConnectionCounter counter = new ConnectionCounter();
        AtomicReference<ServletContext> application = new AtomicReference<>();
        try (TestServer server = start(kind, Map.of("maxConnectionsPerAddress", "2"), counter, application)) {
            RawWebSocketClient a = openEchoing(server);
            RawWebSocketClient b = openEchoing(server);
            assertServiceUnavailable(RawWebSocketClient.exchange(server, HandshakeRequest.to(server, PATH)));
            assertEquals(1, WebSocketUpgrader.of(application.get()).refusedByConnectionCaps());
            closePolitely(a);
            assertTrue(Deadline.await(Duration.ofSeconds(30),
                    () -> WebSocketUpgrader.of(application.get()).openConnections() == 1), "a slot freed");
            openEchoing(server).close();
            b.close();
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void racingHandshakesGetExactlyTheCap(ContainerKind kind) throws Exception {
        int cap = 5, racers = 20;
        ConnectionCounter counter = new ConnectionCounter();
        AtomicReference<ServletContext> application = new AtomicReference<>();
        try (TestServer server = start(kind, Map.of("maxConnections", Integer.toString(cap)), counter, application)) {
            ExecutorService pool = Executors.newFixedThreadPool(racers);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<RawWebSocketClient>> results = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                Callable<RawWebSocketClient> racer = () -> {
                    go.await();
                    try {
                        return RawWebSocketClient.open(server, PATH);
                    } catch (AssertionError refused) {
                        assertTrue(refused.getMessage().contains(" 503"), refused.getMessage());
                        return null;
                    }
                };
                results.add(pool.submit(racer));
            }
            go.countDown();
            List<RawWebSocketClient> admitted = new ArrayList<>();
            for (Future<RawWebSocketClient> f : results) {
                RawWebSocketClient c = f.get(60, TimeUnit.SECONDS);
                if (c != null) admitted.add(c);
            }
            pool.shutdown();
            WebSocketUpgrader upgrader = WebSocketUpgrader.of(application.get());
            assertEquals(cap, admitted.size(), "connections admitted");
            assertEquals(racers - cap, upgrader.refusedByConnectionCaps(), "refusals counted");
            for (RawWebSocketClient c : admitted) closePolitely(c);
            assertTrue(Deadline.await(Duration.ofSeconds(30), () -> upgrader.openConnections() == 0), "all closed");
        }
    }
}
