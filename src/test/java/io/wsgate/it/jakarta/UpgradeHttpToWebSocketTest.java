package io.wsgate.it.jakarta;

import io.wsgate.it.ContainerKind;
import io.wsgate.it.ServerClose;
import io.wsgate.it.TestServer;
import io.wsgate.it.raw.FrameBuilder;
import io.wsgate.it.raw.RawWebSocketClient;
import io.wsgate.it.raw.Rfc6455;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code ServerContainer.upgradeHttpToWebSocket} from a servlet that builds a new config for every request, as
 * frameworks do: connections work, and they are closed with 1001 when the application stops like every other.
 */
class UpgradeHttpToWebSocketTest {

    static final Queue<Integer> CLOSE_CODES = new ConcurrentLinkedQueue<>();

    /** Echoes text with a prefix; records its close code. */
    public static final class Manual extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text ->
                    session.getAsyncRemote().sendText("manual:" + text));
        }

        @Override
        public void onClose(Session session, CloseReason closeReason) {
            CLOSE_CODES.add(closeReason.getCloseCode().getCode());
        }
    }

    /** Upgrades every request to a fresh config of {@link Manual}. */
    static final class Upgrading extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
            ServerContainer container = (ServerContainer) request.getServletContext().getAttribute(ServerContainer.class.getName());
            ServerEndpointConfig perRequest = ServerEndpointConfig.Builder.create(Manual.class, "/manual").build();
            try {
                container.upgradeHttpToWebSocket(request, response, perRequest, Map.of());
            } catch (DeploymentException e) {
                throw new ServletException(e);
            }
        }
    }

    private static void configure(ServletContext context) {
        var servlet = context.addServlet("upgrading", new Upgrading());
        servlet.setAsyncSupported(true);
        servlet.addMapping("/manual");
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void sessionsOpenedThisWayCloseWith1001WhenTheApplicationStops(ContainerKind kind) throws Exception {
        CLOSE_CODES.clear();
        try (TestServer server = TestServer.start(kind, JakartaApp.extras(AnnotatedEndpoints.TextEcho.class),
                JakartaApp.withDefaultServlet(UpgradeHttpToWebSocketTest::configure))) {
            List<RawWebSocketClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    RawWebSocketClient client = RawWebSocketClient.open(server, "/manual");
                    clients.add(client);
                    client.send(FrameBuilder.text("hi" + i));
                    assertEquals("manual:hi" + i, client.expectFrame(Rfc6455.OP_TEXT).text());
                }
                CompletableFuture<Void> stop = server.stopApplicationInBackground();
                for (RawWebSocketClient client : clients) ServerClose.expect(client, 1001);
                stop.get(30, TimeUnit.SECONDS);
            } finally {
                for (RawWebSocketClient client : clients) client.close();
            }
            assertEquals(List.of(1001, 1001, 1001), List.copyOf(CLOSE_CODES), "the endpoints' onClose");
        }
    }
}
