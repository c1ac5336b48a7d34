package io.wsgate.servlet;

import io.wsgate.engine.WebSocketListener;
import io.wsgate.engine.WebSocketPolicy;
import io.wsgate.protocol.DeflateParameters;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One endpoint at an exact path, for code that uses wsgate's engine directly: a listener per connection and what
 * the handshake may negotiate.
 */
public final class WebSocketRoute implements UpgradeEndpoint {

    private final String path;
    private final ListenerFactory factory;
    private List<String> subprotocols = List.of();
    private Set<String> allowedOrigins;
    private WebSocketPolicy policy;
    private boolean permessageDeflate = true;

    public WebSocketRoute(String path, ListenerFactory factory) {
        if (!path.startsWith("/")) throw new IllegalArgumentException("path must start with '/': " + path);
        this.path = path;
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    public String path() { return path; }

    @Override
    public String pathTemplate() { return path; }

    /** Subprotocols this endpoint speaks; the first one in the client's list that is here is chosen. */
    public List<String> subprotocols() { return subprotocols; }
    public WebSocketRoute subprotocols(String... names) { this.subprotocols = List.of(names); return this; }

    /** Exact origins allowed to connect ({@code "*"} for any), replacing the filter's check; null to keep it. */
    public Set<String> allowedOrigins() { return allowedOrigins; }
    public WebSocketRoute allowedOrigins(String... origins) { this.allowedOrigins = Set.of(origins); return this; }

    /** This endpoint's limits, or null to use the filter's. */
    @Override
    public WebSocketPolicy policy() { return policy; }
    public WebSocketRoute policy(WebSocketPolicy policy) { this.policy = policy; return this; }

    /** Whether this endpoint negotiates permessage-deflate when the application does (the default). */
    public boolean permessageDeflate() { return permessageDeflate; }
    public WebSocketRoute permessageDeflate(boolean on) { this.permessageDeflate = on; return this; }

    @Override
    public DeflateParameters negotiateDeflate(DeflateParameters agreed, HttpServletRequest request) {
        return permessageDeflate ? agreed : null;
    }

    @Override
    public boolean checkOrigin(String origin, HttpServletRequest request, boolean wsgateVerdict) {
        if (allowedOrigins == null || origin == null) return wsgateVerdict;
        return allowedOrigins.contains("*") || allowedOrigins.contains(origin);
    }

    @Override
    public String selectSubprotocol(List<String> offered, HttpServletRequest request) {
        for (String protocol : offered) {
            if (subprotocols.contains(protocol)) return protocol;
        }
        return null;
    }

    @Override
    public WebSocketListener accept(HttpServletRequest request, HttpServletResponse response, String subprotocol) {
        return factory.create(request, subprotocol);
    }
}
