package io.wsgate.it;

import io.wsgate.it.app.TestApp;
import io.wsgate.it.raw.FrameBuilder;
import io.wsgate.it.raw.HandshakeRequest;
import io.wsgate.it.raw.RawWebSocketClient;
import io.wsgate.it.raw.Rfc6455;
import io.wsgate.protocol.DeflaterPool;
import io.wsgate.servlet.WebSocketUpgrader;
import jakarta.servlet.ServletContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 10,000 connections with permessage-deflate negotiated, each holding an inflater of its own (context takeover,
 * created by a compressed message), closed in three ways (closing handshake, the client vanishing, a protocol
 * error): afterwards no zlib stream is left alive (wsgate's own count of created minus ended), and the process's
 * resident memory beside the heap has not grown by anything like what the inflaters would take. Without explicit {@code end()} the 10,000 inflaters alone would
 * hold about 400 MB of native memory until the garbage collector ran their cleaners.
 */
class DeflateNativeMemoryTest {

    private static final int CONNECTIONS = 10_000;
    private static final byte[] HELLO = HexFormat.of().parseHex("f248cdc9c90700");

    private static long rssKiB() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
        }
        return -1;
    }

    private static long heapCommittedKiB() {
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() / 1024;
    }

    private static void oneConnection(TestServer server, int i) throws Exception {
        RawWebSocketClient client = RawWebSocketClient.open(server,
                HandshakeRequest.to(server, TestApp.ECHO).add("Sec-WebSocket-Extensions", "permessage-deflate"));
        try {
            client.send(FrameBuilder.text(HELLO).rsv(4));
            assertEquals("Hello", client.expectFrame(Rfc6455.OP_TEXT).text());    // below the minimum: plain
            switch (i % 3) {
                case 0 -> {
                    client.send(FrameBuilder.close(1000, ""));
                    client.readClose();
                    client.awaitClosed();
                }
                case 1 -> { /* the client vanishes: the server sees the end of the stream */ }
                default -> {
                    client.send(FrameBuilder.ping(new byte[0]).rsv(4));
                    ServerClose.expect(client, 1002);
                }
            }
        } finally {
            client.close();
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void tenThousandConnectionsLeaveNoNativeMemoryBehind(ContainerKind kind) throws Exception {
        AtomicReference<ServletContext> application = new AtomicReference<>();
        try (TestServer server = TestServer.start(kind, context -> {
            application.set(context);
            TestApp.configure(context);
        })) {
            WebSocketUpgrader upgrader = WebSocketUpgrader.of(application.get());
            // Warm up with the same load, so the heap, the JIT and malloc's arenas have grown to what it needs: the
            // baseline is a process that has served such connections, which is where RSS must come back to.
            run(server, CONNECTIONS / 2);
            assertTrue(Deadline.await(Duration.ofSeconds(60), () -> upgrader.openConnections() == 0));
            long inflatersBefore = DeflaterPool.liveInflaters();
            long deflatersBefore = DeflaterPool.liveDeflaters();
            System.gc();
            long rssBefore = rssKiB();
            long heapBefore = heapCommittedKiB();

            run(server, CONNECTIONS);
            assertTrue(Deadline.await(Duration.ofSeconds(60), () -> upgrader.openConnections() == 0), "all closed");
            // The pool may keep a few more idle streams for reuse than after the warm-up, never one per connection.
            long idleMax = 3L * DeflaterPool.defaultMaxIdle();
            long inflaters = DeflaterPool.liveInflaters() - inflatersBefore;
            long deflaters = DeflaterPool.liveDeflaters() - deflatersBefore;
            System.gc();
            long rssAfter = rssKiB();
            long heapAfter = heapCommittedKiB();
            // The servers share this JVM's heap, which the load may grow: what is not heap is what zlib would take.
            long nativeGrowth = (rssAfter - heapAfter) - (rssBefore - heapBefore);
            System.out.printf("[deflate-memory] %s: %d connections, inflaters alive %+d, deflaters alive %+d,"
                    + " RSS %d -> %d KiB, committed heap %d -> %d KiB, RSS beside the heap %+d KiB%n", kind, CONNECTIONS,
                    inflaters, deflaters, rssBefore, rssAfter, heapBefore, heapAfter, nativeGrowth);
            assertTrue(inflaters <= idleMax, "inflaters left alive: " + inflaters);
            assertTrue(deflaters <= idleMax, "deflaters left alive: " + deflaters);
            // 10,000 leaked inflaters would be about 400,000 KiB; the heap may grow a little with the load.
            // The strict check is the count above. RSS in this shared JVM moves by up to about 120 MiB between runs
            // (the containers' buffer pools and threads, malloc arenas); 10,000 inflaters left to the garbage
            // collector would add about 390 MiB (7 KiB of state and a 32 KiB window each).
            assertTrue(nativeGrowth < 200 * 1024, "RSS beside the heap grew by " + nativeGrowth + " KiB");
        }
    }

    /** {@code count} connections from 4 client threads. */
    private static void run(TestServer server, int count) throws Exception {
        FourClients.run(count, i -> oneConnection(server, i));
    }
}
