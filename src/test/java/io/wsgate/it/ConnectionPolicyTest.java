package io.wsgate.it;

import io.wsgate.engine.WebSocketPolicy;
import io.wsgate.it.app.EchoListener;
import io.wsgate.it.app.FloodListener;
import io.wsgate.it.app.TestApp;
import io.wsgate.it.raw.FrameBuilder;
import io.wsgate.it.raw.RawWebSocketClient;
import io.wsgate.it.raw.Rfc6455;
import io.wsgate.it.raw.ServerFrame;
import io.wsgate.servlet.WebSocketRoute;
import io.wsgate.servlet.WebSocketRoutes;
import jakarta.servlet.ServletContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Idle timeout, keep-alive pings and the bounded outbound queue with its overflow policies. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectionPolicyTest {

    static final String IDLE = "/idle";
    static final String PING = "/ping";
    static final String FLOOD_FAIL = "/flood-fail";
    static final String FLOOD_CLOSE = "/flood-close";
    static final String SMALL_QUEUE_ECHO = "/small-queue-echo";
    static final int QUEUE_LIMIT = 256 * 1024;

    private final ServerPerKind servers = new ServerPerKind(ConnectionPolicyTest::configure);

    static void configure(ServletContext context) {
        TestApp.addWsgateFilter(context, Map.of());
        TestApp.addPlainServlet(context);
        WebSocketPolicy flood = new WebSocketPolicy().maxOutboundBytes(QUEUE_LIMIT);
        WebSocketRoutes.of(context)
                .add(new WebSocketRoute(IDLE, (r, p) -> new EchoListener())
                        .policy(new WebSocketPolicy().idleTimeout(Duration.ofMillis(300))))
                .add(new WebSocketRoute(PING, (r, p) -> new EchoListener())
                        .policy(new WebSocketPolicy().pingInterval(Duration.ofMillis(200))))
                .add(new WebSocketRoute(FLOOD_FAIL, (r, p) -> new FloodListener()).policy(flood))
                .add(new WebSocketRoute(FLOOD_CLOSE, (r, p) -> new FloodListener())
                        .policy(flood.copy().overflowAction(WebSocketPolicy.OverflowAction.CLOSE_POLICY_VIOLATION)))
                .add(new WebSocketRoute(SMALL_QUEUE_ECHO, (r, p) -> new EchoListener())
                        .policy(new WebSocketPolicy().maxMessageSize(TestApp.MIB).maxOutboundBytes(64 * 1024)));
    }

    @AfterAll
    void stopServers() throws Exception {
        servers.close();
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void idleConnectionIsClosedWithGoingAway(ContainerKind kind) throws Exception {
        try (RawWebSocketClient client = RawWebSocketClient.open(servers.get(kind), IDLE)) {
            ServerFrame close = client.readClose();
            assertEquals(1001, close.closeCode());
            assertEquals("idle timeout", close.closeReason());
            client.replyCloseQuietly(1001);
            client.awaitClosed();
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void keepAlivePingsArriveWhileQuietAndTrafficStillFlows(ContainerKind kind) throws Exception {
        try (RawWebSocketClient client = RawWebSocketClient.open(servers.get(kind), PING)) {
            for (int i = 0; i < 2; i++) {
                ServerFrame ping = client.expectFrame(Rfc6455.OP_PING);
                assertEquals(0, ping.payload().length);
                client.send(FrameBuilder.frame(Rfc6455.OP_PONG, new byte[0]));
            }
            client.send(FrameBuilder.text("still here"));
            ServerFrame next = client.readFrame();
            while (next.opcode() == Rfc6455.OP_PING) next = client.readFrame();
            assertEquals("still here", next.text());
        }
    }

    /** A client that does not read: sends from an application thread are refused once the queue is full. */
    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void fullQueueRefusesSendsAndStaysBounded(ContainerKind kind) throws Exception {
        String id = UUID.randomUUID().toString();
        int size = 64 * 1024;
        try (RawWebSocketClient client = RawWebSocketClient.open(servers.get(kind), FLOOD_FAIL)) {
            client.send(FrameBuilder.text("flood " + id + " 400 " + size)); // 25 MiB, far beyond socket buffers
            FloodListener.Report report = report(id);
            assertTrue(report.refused() > 0, "some sends must be refused: " + report);
            assertTrue(report.maxQueued() <= QUEUE_LIMIT + size, "queue stayed bounded: " + report);
            // The connection itself is fine: what was accepted arrives, then an echo round trip still works.
            int received = 0;
            while (received < 400 - report.refused()) {
                ServerFrame frame = client.readFrame();
                assertEquals(Rfc6455.OP_BINARY, frame.opcode());
                assertEquals(size, frame.payload().length);
                received++;
            }
            assertEquals(400 - report.refused(), received);
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void fullQueueClosesWithPolicyViolationWhenSoConfigured(ContainerKind kind) throws Exception {
        String id = UUID.randomUUID().toString();
        try (RawWebSocketClient client = RawWebSocketClient.open(servers.get(kind), FLOOD_CLOSE)) {
            client.send(FrameBuilder.text("flood " + id + " 400 65536"));
            assertTrue(report(id).refused() > 0);
            ServerFrame frame = client.readFrame();
            while (frame.opcode() == Rfc6455.OP_BINARY) frame = client.readFrame();
            assertEquals(1008, frame.closeCode(), frame::toString);
            client.replyCloseQuietly(1008);
            client.awaitClosed();
        }
    }

    /**
     * A client that sends far more than it reads: the echo's sends come from the connection's own callbacks and
     * are never refused; the server stops reading instead, and once the client reads, every echo arrives intact.
     */
    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void echoToASlowReaderPushesBackInsteadOfDroppingOrGrowing(ContainerKind kind) throws Exception {
        int count = 120;
        int size = 100 * 1024; // 12 MB in all
        try (RawWebSocketClient client = RawWebSocketClient.open(servers.get(kind), SMALL_QUEUE_ECHO)) {
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < count; i++) {
                        byte[] data = new byte[size];
                        Arrays.fill(data, (byte) i);
                        client.send(FrameBuilder.binary(data));
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            for (int i = 0; i < count; i++) {
                ServerFrame frame = client.readFrame();
                byte[] expected = new byte[size];
                Arrays.fill(expected, (byte) i);
                assertArrayEquals(expected, frame.payload(), "echo " + i);
            }
            sent.get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * A message over the limit is refused from its frame header while the client is still sending it: the server
     * keeps reading (and dropping) so that its close frame is not lost to a reset, and closes TCP in an orderly way
     * once the client answers.
     */
    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void tooBigMessageStillBeingSentGetsItsCloseFrameAndAnOrderlyClose(ContainerKind kind) throws Exception {
        try (RawWebSocketClient client = RawWebSocketClient.open(servers.get(kind), SMALL_QUEUE_ECHO)) {
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try {
                    client.send(FrameBuilder.binary(new byte[3 * TestApp.MIB])); // the route takes 1 MiB
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            assertEquals(1009, client.readClose().closeCode());
            sent.get(30, TimeUnit.SECONDS); // the server went on reading: the whole frame could be written
            client.send(FrameBuilder.close(1009, ""));
            client.awaitEof();
        }
    }

    private static FloodListener.Report report(String id) throws Exception {
        return FloodListener.REPORTS.computeIfAbsent(id, k -> new CompletableFuture<>()).get(30, TimeUnit.SECONDS);
    }
}
