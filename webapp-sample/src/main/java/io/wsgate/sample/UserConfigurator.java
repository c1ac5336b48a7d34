package io.wsgate.sample;

import jakarta.servlet.http.HttpSession;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * Copies the signed-in user's name from the HttpSession into the WebSocket session's user properties, where the
 * endpoints read it. AuthFilter has already refused upgrades without a user; an endpoint that still finds none
 * (the HttpSession ended during the handshake) closes the connection. Handshakes from pages of another origin are
 * refused by the container's default check and logged here, so the operator sees cross-site attempts on the
 * signed-in users' sockets.
 */
public final class UserConfigurator extends ServerEndpointConfig.Configurator {

    static final String USER = "user";

    private static final System.Logger LOG = System.getLogger(UserConfigurator.class.getName());

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        boolean allowed = super.checkOrigin(originHeaderValue);
        if (!allowed) LOG.log(System.Logger.Level.WARNING, "WebSocket handshake refused for a page of another origin: " + originHeaderValue);
        return allowed;
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        if (request.getHttpSession() instanceof HttpSession session) {
            try {
                Object user = session.getAttribute(AuthFilter.USER);
                // Per-connection properties: annotated endpoints get a copy of the config for each handshake.
                if (user != null) config.getUserProperties().put(USER, user);
            } catch (IllegalStateException invalidated) {
                // logged out meanwhile: no user
            }
        }
    }
}
