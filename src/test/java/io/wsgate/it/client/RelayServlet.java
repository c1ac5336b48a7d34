package io.wsgate.it.client;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import jakarta.websocket.server.ServerContainer;

import java.io.IOException;
import java.net.URI;

/**
 * A servlet of the web application that connects, as a client, to an upstream WebSocket server (here the
 * application's own /echo, or the {@code upstream} parameter's URL), sends {@code msg} and answers with the echo and the client's class. {@code via}
 * chooses where the client comes from: {@code provider} (ContainerProvider.getWebSocketContainer()) or
 * {@code container} (the ServerContainer context attribute).
 */
public class RelayServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        WebSocketContainer client = "container".equals(req.getParameter("via"))
                ? (ServerContainer) getServletContext().getAttribute(ServerContainer.class.getName())
                : ContainerProvider.getWebSocketContainer();
        String given = req.getParameter("upstream");
        URI upstream = URI.create(given != null ? given
                : "ws://127.0.0.1:" + req.getLocalPort() + req.getContextPath() + "/echo");
        ClientInbox inbox = new ClientInbox();
        try {
            Session session = client.connectToServer(inbox, ClientEndpointConfig.Builder.create().build(), upstream);
            session.getBasicRemote().sendText(req.getParameter("msg"));
            String echo = inbox.nextText();
            session.close();
            inbox.awaitClose();
            resp.setContentType("text/plain");
            resp.getWriter().print(echo + " via " + client.getClass().getSimpleName());
        } catch (Exception e) {
            throw new IOException("relay failed: " + e, e);
        }
    }
}
