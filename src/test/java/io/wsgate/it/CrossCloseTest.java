package io.wsgate.it;

import io.wsgate.engine.WebSocketSession;
import io.wsgate.engine.WholeMessageListener;
import io.wsgate.it.app.TestApp;
import io.wsgate.it.raw.FrameBuilder;
import io.wsgate.it.raw.RawWebSocketClient;
import io.wsgate.servlet.WebSocketRoute;
import io.wsgate.servlet.WebSocketRoutes;
import jakarta.servlet.ServletContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two connections close each other from inside their own callbacks at the same moment, as a relay closes both
 * halves of a pair: neither may wait for the other's callback to return.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossCloseTest {

    static final String PAIR = "/pair";

    /** Connections by pair id, and the barrier that puts both inside a callback at once. */
    static final Map<String, List<WebSocketSession>> PAIRS = new ConcurrentHashMap<>();
    static final Map<String, CyclicBarrier> BARRIERS = new ConcurrentHashMap<>();

    /** "join ID" registers; "close ID" waits for the partner to be in its callback too, then closes the partner. */
    static final class PairListener extends WholeMessageListener {
        private WebSocketSession session;

        @Override
        public void onOpen(WebSocketSession session) {
            this.session = session;
        }

        @Override
        protected void onText(String message) {
            String[] words = message.split(" ");
            String id = words[1];
            if (words[0].equals("join")) {
                PAIRS.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(session);
                session.sendText("joined", failure -> {});
                return;
            }
            try {
                BARRIERS.computeIfAbsent(id, k -> new CyclicBarrier(2)).await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            for (WebSocketSession other : PAIRS.get(id)) {
                if (other != session) other.close(4000, "closed by partner");
            }
        }

        @Override
        protected void onBinary(ByteBuffer message) {
        }
    }

    private final ServerPerKind servers = new ServerPerKind(CrossCloseTest::configure);

    static void configure(ServletContext context) {
        TestApp.addWsgateFilter(context, Map.of());
        TestApp.addPlainServlet(context);
        WebSocketRoutes.of(context).add(new WebSocketRoute(PAIR, (r, p) -> new PairListener()));
    }

    @AfterAll
    void stopServers() throws Exception {
        servers.close();
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void connectionsClosingEachOtherFromTheirCallbacksDoNotDeadlock(ContainerKind kind) throws Exception {
        String id = UUID.randomUUID().toString();
        try (RawWebSocketClient a = RawWebSocketClient.open(servers.get(kind), PAIR);
             RawWebSocketClient b = RawWebSocketClient.open(servers.get(kind), PAIR)) {
            a.send(FrameBuilder.text("join " + id));
            b.send(FrameBuilder.text("join " + id));
            assertEquals("joined", a.readFrame().text());
            assertEquals("joined", b.readFrame().text());
            a.send(FrameBuilder.text("close " + id));
            b.send(FrameBuilder.text("close " + id));
            assertEquals(4000, a.readClose().closeCode());
            assertEquals(4000, b.readClose().closeCode());
            a.replyCloseQuietly(4000);
            b.replyCloseQuietly(4000);
            a.awaitClosed();
            b.awaitClosed();
        }
    }
}
