package io.wsgate.servlet;

import io.wsgate.engine.WebSocketListener;
import io.wsgate.engine.WebSocketPolicy;
import io.wsgate.protocol.DeflateParameters;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;

/**
 * A WebSocket endpoint as the filter sees it during a handshake that already passed RFC 6455 validation.
 * The filter asks, in this order: {@link #checkOrigin}, {@link #selectSubprotocol}, {@link #negotiateDeflate},
 * {@link #accept}.
 */
public interface UpgradeEndpoint {

    /**
     * Whether a request carrying this {@code Origin} (null when the request has none) may connect.
     * {@code wsgateVerdict} is the answer of wsgate's own check (same-origin or the configured allow-list; true
     * without an Origin); return it unless the endpoint decides itself.
     */
    default boolean checkOrigin(String origin, HttpServletRequest request, boolean wsgateVerdict) {
        return wsgateVerdict;
    }

    /** The subprotocol to use from the client's offer (in the client's order), or null for none. */
    String selectSubprotocol(List<String> offered, HttpServletRequest request);

    /**
     * The path template this endpoint is deployed under ({@code /rooms/{room}}, an exact path for an exact
     * route): its connections are counted under it in the metrics, never under the concrete path. Null counts
     * them with the other endpoints that name none.
     */
    default String pathTemplate() {
        return null;
    }

    /**
     * permessage-deflate for this connection: {@code agreed} is what wsgate would answer (the first valid offer,
     * null when there is none or the application switched compression off); return it, or null to decline. Called
     * after {@link #selectSubprotocol} and before {@link #accept}, once per handshake.
     */
    default DeflateParameters negotiateDeflate(DeflateParameters agreed, HttpServletRequest request) {
        return agreed;
    }

    /** This endpoint's limits, or null for the filter's. Each connection gets a copy. */
    WebSocketPolicy policy();

    /**
     * Last step before 101: may add response headers; returns the connection's listener, or null to refuse the
     * upgrade after having set the response (e.g. {@code response.sendError(403)}).
     */
    WebSocketListener accept(HttpServletRequest request, HttpServletResponse response, String subprotocol) throws IOException;
}
