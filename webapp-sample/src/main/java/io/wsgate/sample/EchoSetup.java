package io.wsgate.sample;

import io.wsgate.engine.WebSocketPolicy;
import io.wsgate.servlet.WebSocketRoute;
import io.wsgate.servlet.WebSocketRoutes;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/** Declared in web.xml: registers the application's WebSocket endpoint when the application starts. */
public final class EchoSetup implements ServletContextListener {

    /** Large enough for the sample's 16 MiB messages, text or binary. */
    static final long MAX_MESSAGE_SIZE = 16L * 1024 * 1024;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        WebSocketRoutes.of(event.getServletContext()).add(
                new WebSocketRoute("/echo", (request, subprotocol) -> new EchoListener())
                        .policy(new WebSocketPolicy().maxMessageSize(MAX_MESSAGE_SIZE)));
    }
}
