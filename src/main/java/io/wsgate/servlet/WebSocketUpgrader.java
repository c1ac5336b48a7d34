package io.wsgate.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * PLACEHOLDER on the jakarta branch only, so that ServerContainer.upgradeHttpToWebSocket compiles: the lead's
 * engine branch provides the real class (handshake validation, error response or 101, request.upgrade()) and
 * replaces this file on merge.
 */
public final class WebSocketUpgrader {

    private WebSocketUpgrader() {}

    /**
     * Validates the handshake, writes the error response or the 101, and upgrades the request to {@code endpoint}.
     *
     * @return true when the connection was upgraded, false when an error response was written
     */
    public static boolean upgrade(HttpServletRequest request, HttpServletResponse response, UpgradeEndpoint endpoint)
            throws IOException {
        throw new UnsupportedOperationException("WebSocketUpgrader is provided by the engine branch");
    }
}
