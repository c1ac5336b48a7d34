package io.wsgate.jakarta.client;

import javax.net.ssl.SSLContext;
import java.time.Duration;
import java.util.Map;

/**
 * The user properties of a {@code ClientEndpointConfig} that wsgate reads, with the names Tomcat uses accepted
 * too, so a client configured for Tomcat's implementation works unchanged.
 */
final class ClientSettings {

    /** An {@link SSLContext} for {@code wss} connections (default: {@code ClientEndpointConfig.getSSLContext()}, else the JDK's default). */
    static final String SSL_CONTEXT = "io.wsgate.client.sslContext";
    static final String TOMCAT_SSL_CONTEXT = "org.apache.tomcat.websocket.SSL_CONTEXT";
    /** Connect timeout in milliseconds (a Number or a String): TCP, TLS and the upgrade together. */
    static final String CONNECT_TIMEOUT = "io.wsgate.client.connectTimeout";
    static final String TOMCAT_IO_TIMEOUT = "org.apache.tomcat.websocket.IO_TIMEOUT_MS";
    /** Default connect timeout, Tomcat's too. */
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private ClientSettings() {}

    static SSLContext sslContext(Map<String, Object> properties, SSLContext configured) throws java.security.NoSuchAlgorithmException {
        Object p = properties.get(SSL_CONTEXT);
        if (p == null) p = properties.get(TOMCAT_SSL_CONTEXT);
        if (p != null && !(p instanceof SSLContext)) {
            throw new IllegalArgumentException("user property " + SSL_CONTEXT + " (or " + TOMCAT_SSL_CONTEXT
                    + ") must be a javax.net.ssl.SSLContext, not " + p.getClass().getName());
        }
        if (p != null) return (SSLContext) p;
        return configured != null ? configured : SSLContext.getDefault();
    }

    static Duration connectTimeout(Map<String, Object> properties) {
        Object p = properties.get(CONNECT_TIMEOUT);
        String name = CONNECT_TIMEOUT;
        if (p == null) {
            p = properties.get(TOMCAT_IO_TIMEOUT);
            name = TOMCAT_IO_TIMEOUT;
        }
        if (p == null) return DEFAULT_CONNECT_TIMEOUT;
        long millis;
        try {
            millis = p instanceof Number n ? n.longValue() : Long.parseLong(p.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("user property " + name + " must be a number of milliseconds, not '" + p + "'");
        }
        if (millis <= 0) {
            throw new IllegalArgumentException("user property " + name + " must be positive (milliseconds), not " + millis
                    + ": a connection attempt without a limit could wait for ever");
        }
        return Duration.ofMillis(millis);
    }
}
