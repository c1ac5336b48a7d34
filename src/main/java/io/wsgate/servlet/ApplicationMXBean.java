package io.wsgate.servlet;

import java.util.List;
import java.util.Map;

/**
 * One web application's WebSocket figures over JMX, named {@code io.wsgate:type=Application,context=/app}: its
 * endpoints' traffic summed, and the handshakes it refused by reason.
 */
public interface ApplicationMXBean extends TrafficMXBean {

    /** The application's context path ("/" for the root application). */
    String getContextPath();

    /** The path templates of the endpoints that have an MBean of their own ({@code type=Endpoint}). */
    List<String> getEndpoints();

    /**
     * Handshakes refused, by reason: {@code origin}, {@code version}, {@code key}, {@code method},
     * {@code httpVersion}, {@code host}, {@code upgradeHeaders}, {@code request}, {@code maxConnections},
     * {@code maxConnectionsPerAddress}, {@code stopping}, {@code endpoint} (every reason listed, 0 included).
     */
    Map<String, Long> getHandshakesRefused();

    /** All handshakes refused, whatever the reason. */
    long getHandshakesRefusedTotal();
}
