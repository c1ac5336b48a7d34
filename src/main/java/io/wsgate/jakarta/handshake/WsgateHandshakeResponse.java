package io.wsgate.jakarta.handshake;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.HandshakeResponse;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The response headers a configurator may add in modifyHandshake; they are copied into the 101 response,
 * except the handshake's own headers, which wsgate's upgrade writes.
 */
public final class WsgateHandshakeResponse implements HandshakeResponse {

    private static final Set<String> OWNED_BY_UPGRADE = Set.of("upgrade", "connection", "sec-websocket-accept",
            "sec-websocket-protocol", "sec-websocket-extensions", "sec-websocket-version");

    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    @Override
    public Map<String, List<String>> getHeaders() {
        return headers;
    }

    public void copyTo(HttpServletResponse response) {
        headers.forEach((name, values) -> {
            if (name == null || values == null || OWNED_BY_UPGRADE.contains(name.toLowerCase(java.util.Locale.ROOT))) return;
            boolean first = true;
            for (String value : values) {
                if (value == null) continue;
                if (first) response.setHeader(name, value);
                else response.addHeader(name, value);
                first = false;
            }
        });
    }
}
