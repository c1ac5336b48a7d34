package io.wsgate.it;

import io.wsgate.engine.WebSocketPolicy;
import io.wsgate.it.app.CloseRecorder;
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

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Defect 1: with idle 1 s and ping 300 ms, a peer that upgrades and then goes silent (it answers no ping) used to
 * stay connected for ever, our own pings counting as activity. Now its unanswered ping ends the connection: a
 * 1001 close frame, TCP closed, and the endpoint told 1006 (no closing handshake could complete).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SilentPeerTest {

    static final String SILENT = "/silent";

    private final ServerPerKind servers = new ServerPerKind(SilentPeerTest::configure);

    static void configure(ServletContext context) {
        TestApp.addWsgateFilter(context, Map.of());
        TestApp.addPlainServlet(context);
        WebSocketRoutes.of(context).add(new WebSocketRoute(SILENT, (r, p) -> new CloseRecorder())
                .policy(new WebSocketPolicy().idleTimeout(Duration.ofSeconds(1)).pingInterval(Duration.ofMillis(300))));
    }

    @AfterAll
    void stopServers() throws Exception {
        servers.close();
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void silentPeerIsClosedSoonAfterItsPingGoesUnanswered(ContainerKind kind) throws Exception {
        String id = UUID.randomUUID().toString();
        try (RawWebSocketClient client = RawWebSocketClient.open(servers.get(kind), SILENT)) {
            client.send(FrameBuilder.text("id " + id));
            assertEquals("ok", client.expectFrame(Rfc6455.OP_TEXT).text());
            long silentSince = System.nanoTime(); // from here the client sends nothing, not even a pong
            ServerFrame frame = client.readFrame();
            int pings = 0;
            while (frame.opcode() == Rfc6455.OP_PING) {
                pings++;
                // Before the fix the pings went on for ever (each counted as activity): give up after a few.
                assertTrue(pings <= 3, "still pinging a silent peer after " + pings + " pings: never closed");
                frame = client.readFrame();
            }
            long closedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - silentSince);
            assertEquals(1, pings, "one unanswered ping, then the end");
            assertEquals(1001, frame.closeCode(), frame::toString);
            // Expected about 600 ms; generous for a loaded machine, far below "never".
            assertTrue(closedAfterMs < 5_000, "closed after " + closedAfterMs + " ms");
            client.awaitClosed();
        }
        CloseRecorder.Ending ending = CloseRecorder.ending(id).get(10, TimeUnit.SECONDS);
        assertEquals(1006, ending.code());
        assertTrue(ending.byEngine());
    }
}
