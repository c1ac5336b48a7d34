package io.wsgate.it;

import io.wsgate.it.app.ConnectionCounter;
import io.wsgate.it.app.TestApp;
import io.wsgate.it.raw.FrameBuilder;
import io.wsgate.it.raw.HandshakeRequest;
import io.wsgate.it.raw.RawWebSocketClient;
import io.wsgate.it.raw.Rfc6455;
import io.wsgate.servlet.WebSocketRoute;
import io.wsgate.servlet.WebSocketRoutes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A thousand connections opened and closed one after the other leave nothing behind: every listener saw exactly
 * one open and one close, the JVM's thread count returns to where it was, and no listener stays reachable.
 * A raw client is used because it starts no threads of its own.
 */
class ConnectionLeakTest {

    private static final String PATH = "/count";
    private static final int WARM_UP = 50;
    private static final int CONNECTIONS = 1000;
    /** Threads that may come and go for reasons of their own (JIT, GC, a pool's spare thread). */
    private static final int THREAD_SLACK = 4;
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void thousandConnectionsLeaveNothingBehind(ContainerKind kind) throws Exception {
        ConnectionCounter counter = new ConnectionCounter();
        try (TestServer server = TestServer.start(kind, context -> {
            TestApp.addWsgateFilter(context, Map.of());
            TestApp.addPlainServlet(context);
            WebSocketRoutes.of(context).add(new WebSocketRoute(PATH, (request, subprotocol) -> counter.newListener()));
        })) {
            // The warm-up lets the container's pools grow to what one connection at a time needs.
            openAndClose(server, WARM_UP);
            awaitAllClosed(counter, WARM_UP);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            int baseline = threads.getThreadCount();
            String threadsBefore = ThreadNames.summary();

            openAndClose(server, CONNECTIONS);
            int total = WARM_UP + CONNECTIONS;
            awaitAllClosed(counter, total);
            assertEquals(total, counter.created(), "listeners created");
            assertEquals(total, counter.opens(), "onOpen calls");
            assertEquals(total, counter.closes(), "onClose calls");

            boolean threadsBack = Deadline.await(PATIENCE, () -> threads.getThreadCount() <= baseline + THREAD_SLACK);
            assertTrue(threadsBack, () -> "threads: " + baseline + " before, " + threads.getThreadCount() + " after " + CONNECTIONS
                    + " connections\nbefore: " + threadsBefore + "\nafter:  " + ThreadNames.summary());

            // Jetty's selector keeps an iterator on the last selected key until its next selection, and through it the
            // last connection's upgrade handler; one more request moves it on, so that only wsgate's own references
            // are judged below.
            assertEquals(200, RawWebSocketClient.exchange(server, HandshakeRequest.plain(server, "/after")).status());
            int retained = counter.awaitCollected(Instant.now().plus(PATIENCE));
            assertEquals(0, retained, () -> "listeners of closed connections still reachable, by creation index (0 to "
                    + (total - 1) + "): " + counter.retainedIndexes());
        }
    }

    /** Each connection proves it is open with one echo, then goes through the closing handshake. */
    private static void openAndClose(TestServer server, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            try (RawWebSocketClient client = RawWebSocketClient.open(server, PATH)) {
                client.send(FrameBuilder.text("hi"));
                assertEquals("ok", client.expectFrame(Rfc6455.OP_TEXT).text());
                client.send(FrameBuilder.close(1000, ""));
                assertEquals(1000, client.readClose().closeCode());
                client.awaitEof();
            }
        }
    }

    private static void awaitAllClosed(ConnectionCounter counter, int expected) {
        boolean done = Deadline.await(PATIENCE, () -> counter.closes() >= expected);
        assertTrue(done, "onClose calls: " + counter.closes() + " of " + expected + " (onOpen calls: " + counter.opens() + ")");
    }
}
