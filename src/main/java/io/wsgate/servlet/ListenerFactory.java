package io.wsgate.servlet;

import io.wsgate.engine.WebSocketListener;
import jakarta.servlet.http.HttpServletRequest;

/** Creates the listener of one connection, during the handshake (the request is still the HTTP one). */
@FunctionalInterface
public interface ListenerFactory {

    /**
     * @param request     the upgrade request, as the application's filters left it
     * @param subprotocol the negotiated subprotocol, or null
     */
    WebSocketListener create(HttpServletRequest request, String subprotocol);
}
