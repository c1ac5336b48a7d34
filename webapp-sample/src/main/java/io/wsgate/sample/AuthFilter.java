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
 * wsgate's filter, so it sees WebSocket upgrades like any other request: an upgrade without a signed-in user gets
 * 403 (a browser cannot follow a redirect on a WebSocket handshake), a page request goes to the login page.
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
        if ("websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "log in first");
            return;
        }
        String target = path + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        response.sendRedirect(request.getContextPath() + "/login?next="
                + URLEncoder.encode(target, StandardCharsets.UTF_8));
    }

    /** The login page, static files and the diagnostic echo endpoint need no login. */
    private static boolean isPublic(String path) {
        return path.equals("/login") || path.startsWith("/static/") || path.equals("/echo")
                || path.equals("/favicon.ico");
    }
}
