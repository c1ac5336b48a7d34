package io.wsgate.servlet;

/**
 * Why a handshake was refused, as the operator sees it: the log's rate limit and the application's refusal counts
 * (JMX attribute {@code HandshakesRefused}) go by these. A fixed set, so a flood of odd requests cannot grow either.
 */
enum RefusalKind {
    /** Not a GET. */
    METHOD("method"),
    /** Not HTTP/1.1 or later. */
    HTTP_VERSION("httpVersion"),
    /** No Host header, or more than one. */
    HOST("host"),
    /** Upgrade or Connection header without the tokens RFC 6455 requires. */
    UPGRADE_HEADERS("upgradeHeaders"),
    /** Sec-WebSocket-Version missing, repeated or not 13. */
    VERSION("version"),
    /** Sec-WebSocket-Key missing, repeated or not the base64 of 16 bytes. */
    KEY("key"),
    /** A query string that cannot be decoded, or request data the endpoint could not read. */
    REQUEST("request"),
    /** The Origin check (malformed or repeated Origin, an origin not allowed, or the endpoint's own check). */
    ORIGIN("origin"),
    /** {@code maxConnections} reached. */
    MAX_CONNECTIONS("maxConnections"),
    /** {@code maxConnectionsPerAddress} reached. */
    MAX_CONNECTIONS_PER_ADDRESS("maxConnectionsPerAddress"),
    /** The application is stopping. */
    STOPPING("stopping"),
    /**
     * The container cannot serve WebSocket this way: Jetty 12.0 (no {@code upgrade()}), or an HTTP/2 tunnel Jetty
     * would not hand over (501).
     */
    UNSUPPORTED("unsupported"),
    /** The endpoint refused in its last step (it set the response itself: a configurator failing, say). */
    ENDPOINT("endpoint");

    /** The name in the log and in JMX. */
    final String key;

    RefusalKind(String key) {
        this.key = key;
    }
}
