package io.wsgate.servlet;

import jakarta.servlet.http.HttpServletRequest;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * wsgate's defence against cross-site WebSocket hijacking: by default only same-origin browser requests may
 * upgrade (the Origin's scheme, host and port equal the request's own as the container reports them, so a
 * container set up for forwarded headers behind a proxy still works); an allow-list replaces that check.
 * Requests without an Origin come from non-browser clients and are allowed.
 */
final class OriginPolicy {

    /** null: same-origin only. */
    private final Set<String> allowed;

    private OriginPolicy(Set<String> allowed) {
        this.allowed = allowed;
    }

    static OriginPolicy sameOrigin() {
        return new OriginPolicy(null);
    }

    /** Exact origins such as {@code https://example.com}; {@code "*"} allows any. */
    static OriginPolicy allowList(Set<String> origins) {
        return new OriginPolicy(Set.copyOf(origins));
    }

    boolean allows(String origin, HttpServletRequest request) {
        if (allowed != null) return allowed.contains("*") || allowed.contains(origin);
        return isSameOrigin(origin, request);
    }

    static boolean isSameOrigin(String origin, HttpServletRequest request) {
        URI uri;
        try {
            uri = new URI(origin.trim());
        } catch (URISyntaxException e) {
            return false;
        }
        String scheme = uri.getScheme();
        String host = uri.getHost();
        if (scheme == null || host == null) return false; // includes the opaque origin "null"
        int port = uri.getPort() >= 0 ? uri.getPort() : defaultPort(scheme);
        return scheme.equalsIgnoreCase(request.getScheme())
                && bare(host).equals(bare(request.getServerName()))
                && port == request.getServerPort();
    }

    private static int defaultPort(String scheme) {
        switch (scheme.toLowerCase(Locale.ROOT)) {
            case "http": return 80;
            case "https": return 443;
            default: return -1;
        }
    }

    /** Lower case, without the brackets of an IPv6 literal. */
    private static String bare(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    @Override
    public String toString() {
        return allowed == null ? "same-origin" : String.join(", ", allowed);
    }
}
