package io.wsgate.servlet;

import jakarta.servlet.http.HttpServletRequest;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * wsgate's defence against cross-site WebSocket hijacking: by default only same-origin browser requests may
 * upgrade (the Origin's scheme, host and port equal the request's own as the container reports them, so a
 * container set up for forwarded headers behind a proxy still works); an allow-list replaces that check.
 * Requests without an Origin come from non-browser clients and are allowed. An Origin that is not one serialized
 * origin (RFC 6454 section 6.2) is never allowed, whatever the list says.
 */
final class OriginPolicy {

    /** scheme "://" host [":" port], nothing else: no path, no user info, no list, no whitespace. */
    private static final Pattern ORIGIN = Pattern.compile(
            "([A-Za-z][A-Za-z0-9+.-]*)://(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._~!$&'()*+;=%-]+)(?::([0-9]{1,5}))?");

    /** An origin as compared: lower-case scheme and host, the scheme's default port made explicit. */
    record Origin(String scheme, String host, int port) {
        @Override
        public String toString() { return scheme + "://" + host + (port < 0 ? "" : ":" + port); }
    }

    /** The opaque origin a browser sends for sandboxed and file pages. */
    static final Origin OPAQUE = new Origin("null", "", -1);

    /** null: same-origin only. */
    private final Set<Origin> allowed;
    private final boolean any;

    private OriginPolicy(Set<Origin> allowed, boolean any) {
        this.allowed = allowed;
        this.any = any;
    }

    static OriginPolicy sameOrigin() {
        return new OriginPolicy(null, false);
    }

    /**
     * Exact origins such as {@code https://example.com}; {@code "*"} allows any.
     *
     * @throws IllegalArgumentException naming an entry that is not an origin
     */
    static OriginPolicy allowList(Set<String> origins) {
        Set<Origin> parsed = new LinkedHashSet<>();
        boolean any = false;
        for (String entry : origins) {
            if (entry.equals("*")) {
                any = true;
                continue;
            }
            Origin origin = parse(entry);
            if (origin == null) {
                throw new IllegalArgumentException("wsgate: init-param allowedOrigins: '" + entry
                        + "' is not an origin; write scheme://host or scheme://host:port (no path), or * for any");
            }
            parsed.add(origin);
        }
        return new OriginPolicy(java.util.Collections.unmodifiableSet(parsed), any);     // in the order configured, for the log
    }

    /** The origin in an Origin header's value, or null when it is not exactly one well-formed origin. */
    static Origin parse(String value) {
        if (value == null) return null;
        if (value.equals("null")) return OPAQUE;
        Matcher m = ORIGIN.matcher(value);
        if (!m.matches()) return null;
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        String host = m.group(2).toLowerCase(Locale.ROOT);
        int port;
        if (m.group(3) != null) {
            port = Integer.parseInt(m.group(3));
            if (port > 65535) return null;
        } else {
            port = defaultPort(scheme);
        }
        return new Origin(scheme, host, port);
    }

    /**
     * Null when {@code origin} (parsed, not null) may connect, else which rule refused it: for the log, not for the
     * client.
     */
    String refusal(Origin origin, HttpServletRequest request) {
        if (allowed != null) {
            return any || allowed.contains(origin) ? null : "not in allowedOrigins " + allowed;
        }
        if (isSameOrigin(origin, request)) return null;
        return "not the application's own origin " + ownOrigin(request) + " (same-origin rule; set allowedOrigins to"
                + " admit others)";
    }

    boolean allows(Origin origin, HttpServletRequest request) {
        return refusal(origin, request) == null;
    }

    static boolean isSameOrigin(Origin origin, HttpServletRequest request) {
        if (origin == OPAQUE) return false;
        return origin.equals(ownOrigin(request));
    }

    private static Origin ownOrigin(HttpServletRequest request) {
        String scheme = request.getScheme().toLowerCase(Locale.ROOT);
        String host = request.getServerName().toLowerCase(Locale.ROOT);
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) host = "[" + host + "]";   // an IPv6 literal
        return new Origin(scheme, host, request.getServerPort());
    }

    private static int defaultPort(String scheme) {
        switch (scheme) {
            case "http": case "ws": return 80;
            case "https": case "wss": return 443;
            default: return -1;
        }
    }

    @Override
    public String toString() {
        return allowed == null ? "same-origin" : any ? "*" : allowed.toString();
    }
}
