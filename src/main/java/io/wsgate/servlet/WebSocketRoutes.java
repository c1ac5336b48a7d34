package io.wsgate.servlet;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The WebSocket endpoints of one web application, kept as a servlet-context attribute for the filter to find:
 * exact-path {@link WebSocketRoute}s first, then any {@link UpgradeRouter}s in the order added.
 */
public final class WebSocketRoutes {

    static final String ATTRIBUTE = WebSocketRoutes.class.getName();

    private final Map<String, WebSocketRoute> byPath = new ConcurrentHashMap<>();
    private final List<UpgradeRouter> routers = new CopyOnWriteArrayList<>();

    /** The routes of {@code context}, created on first use. */
    public static WebSocketRoutes of(ServletContext context) {
        synchronized (context) {
            WebSocketRoutes routes = (WebSocketRoutes) context.getAttribute(ATTRIBUTE);
            if (routes == null) {
                routes = new WebSocketRoutes();
                context.setAttribute(ATTRIBUTE, routes);
            }
            return routes;
        }
    }

    public WebSocketRoutes add(WebSocketRoute route) {
        if (byPath.putIfAbsent(route.path(), route) != null) {
            throw new IllegalStateException("a WebSocket endpoint is already registered at " + route.path());
        }
        return this;
    }

    public WebSocketRoutes addRouter(UpgradeRouter router) {
        routers.add(router);
        return this;
    }

    /** Every path and path template served, exact paths first (sorted), then each router's; for the startup log. */
    public List<String> paths() {
        List<String> all = new java.util.ArrayList<>(new java.util.TreeSet<>(byPath.keySet()));
        for (UpgradeRouter router : routers) all.addAll(router.paths());
        return all;
    }

    /** The endpoint for a path within the application, or null. */
    public UpgradeEndpoint route(String path, HttpServletRequest request) {
        UpgradeEndpoint endpoint = byPath.get(path);
        for (int i = 0; endpoint == null && i < routers.size(); i++) {
            endpoint = routers.get(i).route(path, request);
        }
        return endpoint;
    }
}
