package io.wsgate.servlet;

import io.wsgate.engine.WebSocketPolicy;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One endpoint path served by wsgate: the path within the web application (as {@code getServletPath() +
 * getPathInfo()} reports it), how to create a listener per connection, and what the handshake may negotiate.
 */
public final class WebSocketRoute {

    private final String path;
    private final ListenerFactory factory;
    private List<String> subprotocols = List.of();
    private Set<String> allowedOrigins;
    private WebSocketPolicy policy;

    public WebSocketRoute(String path, ListenerFactory factory) {
        if (!path.startsWith("/")) throw new IllegalArgumentException("path must start with '/': " + path);
        this.path = path;
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    public String path() { return path; }

    public ListenerFactory factory() { return factory; }

    /** Subprotocols this endpoint speaks; the first one in the client's list that is here is chosen. */
    public List<String> subprotocols() { return subprotocols; }
    public WebSocketRoute subprotocols(String... names) { this.subprotocols = List.of(names); return this; }

    /** Exact origins allowed to connect ({@code "*"} for any), or null to use the filter's setting. */
    public Set<String> allowedOrigins() { return allowedOrigins; }
    public WebSocketRoute allowedOrigins(String... origins) { this.allowedOrigins = Set.of(origins); return this; }

    /** This endpoint's limits, or null to use the filter's. */
    public WebSocketPolicy policy() { return policy; }
    public WebSocketRoute policy(WebSocketPolicy policy) { this.policy = policy; return this; }
}
