package io.wsgate.it.h2;

import io.wsgate.it.app.TestApp;
import io.wsgate.it.clients.Inbox;
import io.wsgate.it.clients.JettyClient;
import io.wsgate.jakarta.WsgateInitializer;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import org.eclipse.jetty.websocket.api.Callback;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A Jakarta WebSocket {@code @ServerEndpoint} deployed by wsgate's initializer, reached over HTTP/2 (RFC 8441): URI
 * template, subprotocol negotiation and the request URI (wss:, the scheme corrected from the connection) as the
 * endpoint sees them, and the echo.
 */
class JakartaOverHttp2Test {

    @ServerEndpoint(value = "/rooms/{room}", subprotocols = {"chat"})
    public static final class Room {
        @OnMessage
        public String echo(String message, Session session, @PathParam("room") String room) {
            return room + " " + session.getRequestURI() + " " + session.getNegotiatedSubprotocol() + ": " + message;
        }
    }

    @ParameterizedTest
    @EnumSource(H2JettyServer.Kind.class)
    void annotatedEndpointOverHttp2(H2JettyServer.Kind kind) throws Exception {
        try (H2JettyServer server = H2JettyServer.start(kind, 30_000,
                new H2JettyServer.Initializer(new WsgateInitializer(), Room.class), TestApp::addPlainServlet);
             H2Clients clients = new H2Clients()) {
            JettyClient.Connection c = clients.connect(server.wssUri("/rooms/r1"), server.origin(), "x", "chat");
            assertEquals(200, c.session().getUpgradeResponse().getStatusCode());
            assertEquals("chat", c.session().getUpgradeResponse().getAcceptedSubProtocol());
            Callback.Completable sent = new Callback.Completable();
            c.session().sendText("hi", sent);
            sent.get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals("r1 " + server.wssUri("/rooms/r1") + " chat: hi", c.inbox().nextText());
            c.session().close(1000, null, Callback.NOOP);
            assertEquals(1000, c.inbox().awaitClose().code());
        }
    }
}
