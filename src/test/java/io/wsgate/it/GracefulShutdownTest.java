package io.wsgate.it;

import io.wsgate.it.app.ConnectionCounter;
import io.wsgate.it.app.TestApp;
import io.wsgate.it.raw.FrameBuilder;
import io.wsgate.it.raw.RawWebSocketClient;
import io.wsgate.it.raw.Rfc6455;
import io.wsgate.it.raw.ServerFrame;
import io.wsgate.servlet.WebSocketRoute;
import io.wsgate.servlet.WebSocketRoutes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stopping a web application with WebSocket connections open (an undeploy, or the server shutting down): every
 * client gets a 1001 close frame, the stop waits a bounded time for their answers, and afterwards no thread wsgate
 * started is alive and Tomcat reports no thread left with the application's class loader.
 */
class GracefulShutdownTest {

    private static final String PATH = "/count";
    private static final int CONNECTIONS = 5;
    private static final Duration CLOSE_TIMEOUT = Duration.ofMillis(1500);

    /** The application's class loader, which no thread may hold once the application has stopped. */
    private static final java.util.concurrent.atomic.AtomicReference<ClassLoader> APPLICATION_LOADER =
            new java.util.concurrent.atomic.AtomicReference<>();

    private static TestServer start(ContainerKind kind, ConnectionCounter counter) {
        return TestServer.start(kind, context -> {
            APPLICATION_LOADER.set(context.getClassLoader());
            // ping and close timers, so that the timer thread runs while the connections are open
            TestApp.addWsgateFilter(context, Map.of("pingInterval", "60000", "idleTimeout", "120000",
                    "closeTimeout", Long.toString(CLOSE_TIMEOUT.toMillis())));
            TestApp.addPlainServlet(context);
            WebSocketRoutes.of(context).add(new WebSocketRoute(PATH, (request, subprotocol) -> counter.newListener()));
        });
    }

    private static List<RawWebSocketClient> openAll(TestServer server) throws Exception {
        List<RawWebSocketClient> clients = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            RawWebSocketClient client = RawWebSocketClient.open(server, PATH);
            clients.add(client);
            client.send(FrameBuilder.text("hi"));
            assertEquals("ok", client.expectFrame(Rfc6455.OP_TEXT).text());
        }
        return clients;
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void stoppingTheApplicationClosesEveryConnectionWith1001AndLeavesNoThread(ContainerKind kind) throws Exception {
        ConnectionCounter counter = new ConnectionCounter();
        try (LeakWarnings leaks = LeakWarnings.capture(); TestServer server = start(kind, counter)) {
            List<RawWebSocketClient> clients = openAll(server);
            try {
                CompletableFuture<Void> stop = server.stopApplicationInBackground();
                for (RawWebSocketClient client : clients) ServerClose.expect(client, 1001);
                stop.get(30, TimeUnit.SECONDS);
            } finally {
                for (RawWebSocketClient client : clients) client.close();
            }
            assertNothingLeftBehind(counter, leaks);
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void clientsThatNeverAnswerTheCloseDelayTheStopByTheCloseTimeoutOnly(ContainerKind kind) throws Exception {
        ConnectionCounter counter = new ConnectionCounter();
        try (LeakWarnings leaks = LeakWarnings.capture(); TestServer server = start(kind, counter)) {
            List<RawWebSocketClient> clients = openAll(server);
            try {
                long started = System.nanoTime();
                CompletableFuture<Void> stop = server.stopApplicationInBackground();
                for (RawWebSocketClient client : clients) assertEquals(1001, client.readClose().closeCode());
                // no answer: the server drops TCP after its close timeout, and the stop does not wait longer
                for (RawWebSocketClient client : clients) client.awaitClosed();
                stop.get(30, TimeUnit.SECONDS);
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                assertTrue(took.compareTo(CLOSE_TIMEOUT.plusSeconds(10)) < 0, "stop took " + took);
            } finally {
                for (RawWebSocketClient client : clients) client.close();
            }
            assertNothingLeftBehind(counter, leaks);
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void stoppingTheWholeServerWithConnectionsOpenLeavesNoThreadBehind(ContainerKind kind) throws Exception {
        ConnectionCounter counter = new ConnectionCounter();
        try (LeakWarnings leaks = LeakWarnings.capture()) {
            TestServer server = start(kind, counter);
            List<RawWebSocketClient> clients = openAll(server);
            try {
                CompletableFuture<Void> stop = CompletableFuture.runAsync(() -> {
                    try {
                        server.close();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                for (RawWebSocketClient client : clients) {
                    if (kind.isTomcat()) {
                        // Tomcat stops the applications before it closes the connectors' sockets
                        ServerClose.expect(client, 1001);
                    } else {
                        // Jetty closes its connectors (and with them every connection) before it stops the
                        // applications, so there is no one left to say 1001 to: the socket just ends (a close
                        // frame that made it out first must still say 1001)
                        expectEndOr1001(client);
                    }
                }
                stop.get(30, TimeUnit.SECONDS);
            } finally {
                for (RawWebSocketClient client : clients) client.close();
            }
            assertEquals(CONNECTIONS, counter.closes(), "onClose calls when the stop returned");
            assertEquals(List.of(), wsgateThreads(), "wsgate threads alive after the server stopped");
            assertEquals(List.of(), leaks.warnings(), "Tomcat's leak warnings");
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void anApplicationStartedAgainServesWebSocketsAgain(ContainerKind kind) throws Exception {
        // An embedded Tomcat context keeps the servlets a listener added programmatically across a restart, so the
        // test application's listener fails the second start (the servlet name is taken): a harness limit, not
        // wsgate's. The sample WAR's redeploy test covers Tomcat.
        org.junit.jupiter.api.Assumptions.assumeTrue(!kind.isTomcat(), "embedded Tomcat restart");
        ConnectionCounter counter = new ConnectionCounter();
        try (LeakWarnings leaks = LeakWarnings.capture(); TestServer server = start(kind, counter)) {
            for (int round = 0; round < 3; round++) {
                List<RawWebSocketClient> clients = openAll(server);
                try {
                    CompletableFuture<Void> stop = server.stopApplicationInBackground();
                    for (RawWebSocketClient client : clients) {
                        ServerClose.expect(client, 1001);
                    }
                    stop.get(30, TimeUnit.SECONDS);
                } finally {
                    for (RawWebSocketClient client : clients) client.close();
                }
                assertEquals(List.of(), wsgateThreads(), "wsgate threads alive after stop " + round);
                server.startApplication();
            }
            openAll(server).forEach(client -> {
                try {
                    client.close();
                } catch (java.io.IOException ignored) {
                    // closing a socket
                }
            });
            assertEquals(List.of(), leaks.warnings(), "Tomcat's leak warnings");
        }
    }

    private static void expectEndOr1001(RawWebSocketClient client) throws Exception {
        try {
            ServerFrame frame = client.readFrame();
            assertEquals(1001, frame.closeCode(), frame::toString);
            client.awaitClosed();
        } catch (java.io.EOFException | java.net.SocketException ended) {
            // the connection ended without a close frame
        }
    }

    /** Every endpoint told, and nothing of wsgate's or of the application's left running, once the stop returned. */
    private static void assertNothingLeftBehind(ConnectionCounter counter, LeakWarnings leaks) {
        assertEquals(CONNECTIONS, counter.closes(), "onClose calls when the stop returned");
        assertEquals(List.of(), wsgateThreads(), "wsgate threads alive after the application stopped");
        assertEquals(List.of(), threadsHoldingTheApplicationLoader(), "threads with the application's class loader");
        assertEquals(List.of(), leaks.warnings(), "Tomcat's leak warnings");
    }

    /** Live threads whose context class loader is the application's (checked right after the stop returned). */
    static List<String> threadsHoldingTheApplicationLoader() {
        ClassLoader application = APPLICATION_LOADER.get();
        assertTrue(application != null && application != ClassLoader.getSystemClassLoader(),
                "the application has a class loader of its own: " + application);
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getContextClassLoader() == application)
                .map(Thread::getName).sorted().toList();
    }

    static List<String> wsgateThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive).map(Thread::getName).filter(n -> n.startsWith("wsgate")).sorted().toList();
    }
}
