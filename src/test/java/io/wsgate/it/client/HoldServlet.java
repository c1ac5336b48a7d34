package io.wsgate.it.client;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;

import java.io.IOException;
import java.net.URI;

/**
 * Opens a client connection through the ServerContainer attribute to the {@code upstream} URL and keeps it open,
 * as an application holding an upstream feed does; answers with the session's id.
 */
public class HoldServlet extends HttpServlet {

    static volatile ClientInbox held;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ServerContainer container = (ServerContainer) getServletContext().getAttribute(ServerContainer.class.getName());
        ClientInbox inbox = new ClientInbox();
        try {
            Session s = container.connectToServer(inbox, ClientEndpointConfig.Builder.create().build(),
                    URI.create(req.getParameter("upstream")));
            held = inbox;
            resp.getWriter().print(s.getId());
        } catch (Exception e) {
            throw new IOException("connect failed: " + e, e);
        }
    }
}
