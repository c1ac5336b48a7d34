package io.wsgate.servlet;

import io.wsgate.protocol.HandshakeKeys;
import io.wsgate.protocol.HeaderTokens;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.Collections;
import java.util.List;

/** Checks an opening handshake against RFC 6455 section 4.2.1. */
final class HandshakeValidator {

    /**
     * Why a handshake is refused: an HTTP status and a one-line reason for the client; the kind of refusal (the
     * log's rate limit and the metrics count per kind) and, for the log only, the rule that refused it.
     */
    static final class Refusal {
        final int status;
        final String reason;
        final RefusalKind kind;
        final String rule;

        Refusal(int status, String reason, RefusalKind kind, String rule) {
            this.status = status;
            this.reason = reason;
            this.kind = kind;
            this.rule = rule;
        }
    }

    private HandshakeValidator() {}

    /** Whether the request asks to switch to WebSocket at all (its Upgrade header lists "websocket"). */
    static boolean isUpgrade(HttpServletRequest request) {
        return request.getHeader("Upgrade") != null && HeaderTokens.contains(headers(request, "Upgrade"), "websocket");
    }

    /** Null when the handshake is valid, else why not. */
    static Refusal validate(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod())) {
            return bad(RefusalKind.METHOD, "WebSocket handshake must use GET, not " + request.getMethod());
        }
        if (!isHttp11OrLater(request.getProtocol())) {
            return bad(RefusalKind.HTTP_VERSION, "WebSocket handshake needs HTTP/1.1 or later, not " + request.getProtocol());
        }
        List<String> hosts = headers(request, "Host");
        if (hosts.isEmpty() || hosts.get(0).isBlank()) {
            return bad(RefusalKind.HOST, "WebSocket handshake without a Host header");
        }
        if (hosts.size() > 1) {
            return bad(RefusalKind.HOST, "more than one Host header");
        }
        if (!HeaderTokens.contains(headers(request, "Upgrade"), "websocket")) {
            return bad(RefusalKind.UPGRADE_HEADERS, "Upgrade header must contain 'websocket'");
        }
        if (!HeaderTokens.contains(headers(request, "Connection"), "upgrade")) {
            return bad(RefusalKind.UPGRADE_HEADERS, "Connection header must contain 'Upgrade'");
        }
        Refusal version = checkVersion(request);
        if (version != null) {
            return version;
        }
        List<String> keys = headers(request, "Sec-WebSocket-Key");
        if (keys.size() > 1) {
            return bad(RefusalKind.KEY, "more than one Sec-WebSocket-Key header");
        }
        if (keys.isEmpty() || !HandshakeKeys.isValidKey(keys.get(0).trim())) {
            return bad(RefusalKind.KEY, keys.isEmpty() ? "missing Sec-WebSocket-Key header"
                    : "Sec-WebSocket-Key must be the base64 encoding of 16 bytes");
        }
        return checkQuery(request);
    }

    /**
     * Null when an RFC 8441 handshake (an HTTP/2 CONNECT whose {@code :protocol} is {@code protocol}) is valid, else
     * why not. RFC 8441 section 5 keeps RFC 6455's rules except what HTTP/2 replaces: no {@code Upgrade},
     * {@code Connection} or {@code Sec-WebSocket-Key} (there is no accept to compute), {@code :authority} instead of
     * {@code Host}, and a 200 instead of the 101.
     */
    static Refusal validateExtendedConnect(HttpServletRequest request, String protocol) {
        if (!"CONNECT".equals(request.getMethod())) {
            return bad(RefusalKind.METHOD, "WebSocket over HTTP/2 must use CONNECT, not " + request.getMethod());
        }
        if (!"websocket".equalsIgnoreCase(protocol)) {
            return bad(RefusalKind.UPGRADE_HEADERS, "extended CONNECT for protocol '" + WebSocketUpgrader.printable(protocol) + "', not 'websocket'");
        }
        Refusal version = checkVersion(request);
        return version != null ? version : checkQuery(request);
    }

    private static Refusal checkVersion(HttpServletRequest request) {
        List<String> versions = headers(request, "Sec-WebSocket-Version");
        if (versions.isEmpty()) {
            return bad(RefusalKind.VERSION, "missing Sec-WebSocket-Version header");
        }
        if (versions.size() > 1) {
            return bad(RefusalKind.VERSION, "more than one Sec-WebSocket-Version header");
        }
        if (!"13".equals(versions.get(0).trim())) {
            return new Refusal(HttpServletResponse.SC_UPGRADE_REQUIRED, "unsupported Sec-WebSocket-Version "
                    + WebSocketUpgrader.printable(versions.get(0)) + "; this server speaks 13", RefusalKind.VERSION, null);
        }
        return null;
    }

    private static Refusal checkQuery(HttpServletRequest request) {
        // The layers above decode the query (the Jakarta handshake request's parameter map and URI); one that
        // cannot be decoded is the client's error, said here once for every endpoint rather than as a 500 later.
        String query = request.getQueryString();
        if (query != null && !isWellFormedPercentEncoding(query)) {
            return bad(RefusalKind.REQUEST, "malformed percent-encoding in the query string");
        }
        return null;
    }

    static List<String> headers(HttpServletRequest request, String name) {
        java.util.Enumeration<String> values = request.getHeaders(name);
        return values == null ? List.of() : Collections.list(values);
    }

    private static boolean isHttp11OrLater(String protocol) {
        if (protocol == null || !protocol.startsWith("HTTP/")) return false;
        String version = protocol.substring(5);
        int dot = version.indexOf('.');
        try {
            int major = Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
            int minor = dot < 0 ? 0 : Integer.parseInt(version.substring(dot + 1));
            return major > 1 || (major == 1 && minor >= 1);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Every '%' starts a two-hex-digit escape (RFC 3986 section 2.1). */
    static boolean isWellFormedPercentEncoding(String text) {
        for (int i = text.indexOf('%'); i >= 0; i = text.indexOf('%', i + 1)) {
            if (i + 2 >= text.length() || Character.digit(text.charAt(i + 1), 16) < 0
                    || Character.digit(text.charAt(i + 2), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static Refusal bad(RefusalKind kind, String reason) {
        return new Refusal(HttpServletResponse.SC_BAD_REQUEST, reason, kind, null);
    }
}
