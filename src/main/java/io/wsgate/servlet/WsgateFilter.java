package io.wsgate.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The entry point: map it to {@code /*} after the application's own filters. Requests that are not a WebSocket
 * upgrade for a registered endpoint continue down the chain untouched; the others are validated (RFC 6455
 * section 4.2; on Jetty over HTTP/2, RFC 8441's extended CONNECT too) and either refused with a clear status or
 * switched to WebSocket.
 */
public final class WsgateFilter implements Filter {

    private WebSocketUpgrader upgrader;
    private WebSocketRoutes routes;

    @Override
    public void init(FilterConfig config) throws ServletException {
        try {
            upgrader = WebSocketUpgrader.forStartingApplication(config.getServletContext());
            routes = WebSocketRoutes.of(config.getServletContext());
            upgrader.configure(WsgateSettings.from(config), routes.pathTemplates());
            // Filters start after the listeners, so every endpoint deployed at startup is known by now.
            StartupReport.log(config.getServletContext(), config.getFilterName(), routes, upgrader.settings(), upgrader.quirks());
        } catch (IllegalArgumentException e) {
            throw new ServletException(e.getMessage(), e);
        }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain) throws IOException, ServletException {
        if (req instanceof HttpServletRequest && (HandshakeValidator.isUpgrade((HttpServletRequest) req)
                || upgrader.quirks().isWebSocketConnect((HttpServletRequest) req))) {
            HttpServletRequest request = (HttpServletRequest) req;
            UpgradeEndpoint endpoint = routes.route(pathWithinApplication(request), request);
            if (endpoint != null) {
                upgrader.handshake(request, (HttpServletResponse) resp, endpoint);
                return;
            }
        }
        chain.doFilter(req, resp);
    }

    static String pathWithinApplication(HttpServletRequest request) {
        String pathInfo = request.getPathInfo();
        return pathInfo == null ? request.getServletPath() : request.getServletPath() + pathInfo;
    }

    @Override
    public void destroy() {
        if (upgrader != null) upgrader.shutdown();
    }
}
