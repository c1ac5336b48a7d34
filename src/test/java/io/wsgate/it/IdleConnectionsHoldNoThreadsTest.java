package io.wsgate.it;

import io.wsgate.it.app.ConnectionCounter;
import io.wsgate.it.app.TestApp;
import io.wsgate.it.raw.FrameBuilder;
import io.wsgate.it.raw.RawWebSocketClient;
import io.wsgate.it.raw.Rfc6455;
import io.wsgate.servlet.WebSocketRoute;
import io.wsgate.servlet.WebSocketRoutes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * wsgate's promise of no thread per connection: with many connections open at once and idle, the JVM has hardly
 * more threads than with none (a blocking implementation would hold one per connection in read()).
 */
class IdleConnectionsHoldNoThreadsTest {

    private static final String PATH = "/count";
    private static final int CONNECTIONS = 200;
    /** Far below one per connection; room for a pool that grew a little while the connections opened. */
    private static final int THREAD_SLACK = 20;

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void manyIdleConnectionsUseNoThreadEach(ContainerKind kind) throws Exception {
        ConnectionCounter counter = new ConnectionCounter();
        try (TestServer server = TestServer.start(kind, context -> {
            TestApp.addWsgateFilter(context, Map.of());
            TestApp.addPlainServlet(context);
            WebSocketRoutes.of(context).add(new WebSocketRoute(PATH, (request, subprotocol) -> counter.newListener()));
        })) {
            // One connection first, so that the container's pools have started before the baseline.
            try (RawWebSocketClient first = RawWebSocketClient.open(server, PATH)) {
                first.send(FrameBuilder.text("hi"));
                assertEquals("ok", first.expectFrame(Rfc6455.OP_TEXT).text());
            }
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            int baseline = threads.getThreadCount();

            List<RawWebSocketClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < CONNECTIONS; i++) {
                    RawWebSocketClient client = RawWebSocketClient.open(server, PATH);
                    clients.add(client);
                    client.send(FrameBuilder.text("hi"));
                }
                // Every connection answered, so every one is open and now waits for its next frame.
                for (RawWebSocketClient client : clients) assertEquals("ok", client.expectFrame(Rfc6455.OP_TEXT).text());
                int withAllOpen = threads.getThreadCount();
                assertTrue(withAllOpen <= baseline + THREAD_SLACK,
                        "threads: " + baseline + " before, " + withAllOpen + " with " + CONNECTIONS + " idle connections");

                for (RawWebSocketClient client : clients) client.send(FrameBuilder.close(1000, ""));
                for (RawWebSocketClient client : clients) {
                    assertEquals(1000, client.readClose().closeCode());
                    client.awaitEof();
                }
            } finally {
                for (RawWebSocketClient client : clients) client.close();
            }
            int expected = CONNECTIONS + 1;
            assertTrue(Deadline.await(Duration.ofSeconds(60), () -> counter.closes() >= expected),
                    "onClose calls: " + counter.closes() + " of " + expected);
            assertEquals(expected, counter.opens(), "onOpen calls");
        }
    }
}
