package io.wsgate.it;

import io.wsgate.it.app.CloseRecorder;
import io.wsgate.it.app.TestApp;
import io.wsgate.it.raw.FrameBuilder;
import io.wsgate.it.raw.RawWebSocketClient;
import io.wsgate.it.raw.Rfc6455;
import io.wsgate.servlet.WebSocketRoute;
import io.wsgate.servlet.WebSocketRoutes;
import jakarta.servlet.ServletContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the endpoint is told when a connection ends: the peer's code, the engine's, or 1006 for an abrupt end. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndpointCloseReportTest {

    static final String RECORDED = "/recorded";

    private final ServerPerKind servers = new ServerPerKind(EndpointCloseReportTest::configure);

    static void configure(ServletContext context) {
        TestApp.addWsgateFilter(context, Map.of());
        TestApp.addPlainServlet(context);
        WebSocketRoutes.of(context).add(new WebSocketRoute(RECORDED, (r, p) -> new CloseRecorder()));
    }

    @AfterAll
    void stopServers() throws Exception {
        servers.close();
    }

    private RawWebSocketClient openNamed(ContainerKind kind, String id) throws Exception {
        RawWebSocketClient client = RawWebSocketClient.open(servers.get(kind), RECORDED);
        client.send(FrameBuilder.text("id " + id));
        assertEquals("ok", client.expectFrame(Rfc6455.OP_TEXT).text());
        return client;
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void peerGoneWithoutCloseFrameIs1006(ContainerKind kind) throws Exception {
        String id = UUID.randomUUID().toString();
        openNamed(kind, id).close(); // TCP closed, no close frame
        CloseRecorder.Ending ending = CloseRecorder.ending(id).get(10, TimeUnit.SECONDS);
        assertEquals(1006, ending.code());
        assertFalse(ending.byEngine());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void peersCloseCodeAndReasonReachTheEndpoint(ContainerKind kind) throws Exception {
        String id = UUID.randomUUID().toString();
        try (RawWebSocketClient client = openNamed(kind, id)) {
            client.send(FrameBuilder.close(4001, "done here"));
            assertEquals(4001, client.readClose().closeCode());
        }
        CloseRecorder.Ending ending = CloseRecorder.ending(id).get(10, TimeUnit.SECONDS);
        assertEquals(new CloseRecorder.Ending(4001, "done here", false), ending);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void protocolErrorIsReportedAsClosedByTheEngine(ContainerKind kind) throws Exception {
        String id = UUID.randomUUID().toString();
        try (RawWebSocketClient client = openNamed(kind, id)) {
            client.send(FrameBuilder.text(new byte[]{(byte) 0xC0, (byte) 0xAF})); // overlong '/'
            assertEquals(1007, client.readClose().closeCode());
        }
        CloseRecorder.Ending ending = CloseRecorder.ending(id).get(10, TimeUnit.SECONDS);
        assertEquals(1007, ending.code());
        assertTrue(ending.byEngine());
    }
}
