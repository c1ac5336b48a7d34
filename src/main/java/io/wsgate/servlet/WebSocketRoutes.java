package io.wsgate.servlet;

import jakarta.servlet.ServletContext;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The endpoint paths of one web application, kept as a servlet-context attribute for the filter to find. */
public final class WebSocketRoutes {

    static final String ATTRIBUTE = WebSocketRoutes.class.getName();

    private final Map<String, WebSocketRoute> byPath = new ConcurrentHashMap<>();

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

    /** The route for a path within the application, or null. */
    public WebSocketRoute match(String path) {
        return byPath.get(path);
    }
}
