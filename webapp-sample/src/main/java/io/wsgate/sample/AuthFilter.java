package io.wsgate.sample;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The application's own login check on the HttpSession, as many applications have it. Declared in web.xml BEFORE
 * wsgate's filter, so it sees WebSocket handshakes like any other request: a handshake without a signed-in user gets
 * 403 (a browser cannot follow a redirect on a WebSocket handshake), over HTTP/1.1 and over HTTP/2 alike, and a page
 * request goes to the login page.
 */
public final class AuthFilter extends HttpFilter {

    /** The HttpSession attribute holding the signed-in user's name. */
    public static final String USER = "user";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (isPublic(path) || Layout.user(request) != null) {
            chain.doFilter(request, response);
            return;
        }
        if (isWebSocketHandshake(request)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "log in first");
            return;
        }
        String target = path + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        response.sendRedirect(request.getContextPath() + "/login?next="
                + URLEncoder.encode(target, StandardCharsets.UTF_8));
    }

    /**
     * A WebSocket handshake: an HTTP/1.1 upgrade ({@code Upgrade: websocket}), or, over HTTP/2, an extended CONNECT
     * (RFC 8441), which browsers send where the server offers it (Jetty with https + http2). A CONNECT is never a
     * page request, so any CONNECT counts: the {@code :protocol} pseudo-header is not visible through the servlet API.
     */
    static boolean isWebSocketHandshake(HttpServletRequest request) {
        return "websocket".equalsIgnoreCase(request.getHeader("Upgrade")) || "CONNECT".equals(request.getMethod());
    }

    /** The login page, static files and the diagnostic echo endpoint need no login. */
    private static boolean isPublic(String path) {
        return path.equals("/login") || path.startsWith("/static/") || path.equals("/echo")
                || path.equals("/favicon.ico");
    }
}
