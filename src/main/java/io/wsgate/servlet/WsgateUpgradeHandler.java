package io.wsgate.servlet;

import io.wsgate.engine.WebSocketConnection;
import io.wsgate.engine.WebSocketListener;
import io.wsgate.engine.WebSocketPolicy;
import io.wsgate.protocol.DeflateParameters;
import io.wsgate.protocol.Role;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;

import java.lang.System.Logger.Level;

/**
 * wsgate's {@link HttpUpgradeHandler}. The container creates it in {@code request.upgrade()} and calls
 * {@link #init} either inside that call (Jetty 12.1.0 to 12.1.3) or after the filter chain returns (Tomcat,
 * later Jetty); the filter {@link #attach attaches} the endpoint right after {@code upgrade()} returns. The
 * connection starts when both have happened, in whichever order.
 */
public final class WsgateUpgradeHandler implements HttpUpgradeHandler {

    private static final System.Logger LOG = System.getLogger(WsgateUpgradeHandler.class.getName());

    private WebConnection webConnection;
    private HttpServletRequest request;
    private WebSocketListener listener;
    private WebSocketPolicy policy;
    private WebSocketUpgrader upgrader;
    private EndpointMetrics metrics;
    private DeflateParameters deflate;
    private boolean started;
    private ServletTransport transport;

    /** Created by the container through {@code request.upgrade(WsgateUpgradeHandler.class)}. */
    public WsgateUpgradeHandler() {}

    void attach(HttpServletRequest request, WebSocketListener listener, WebSocketPolicy policy, WebSocketUpgrader upgrader,
                EndpointMetrics metrics) {
        attach(request, listener, policy, upgrader, metrics, null);
    }

    /** @param deflate what permessage-deflate agreed, or null when it was not negotiated */
    void attach(HttpServletRequest request, WebSocketListener listener, WebSocketPolicy policy, WebSocketUpgrader upgrader,
                EndpointMetrics metrics, DeflateParameters deflate) {
        synchronized (this) {
            this.deflate = deflate;
            this.request = request;
            this.listener = listener;
            this.policy = policy;
            this.upgrader = upgrader;
            this.metrics = metrics;
        }
        startIfReady();
    }

    @Override
    public void init(WebConnection connection) {
        synchronized (this) {
            this.webConnection = connection;
        }
        startIfReady();
    }

    private void startIfReady() {
        synchronized (this) {
            if (started || webConnection == null || listener == null) return;
            started = true;
        }
        if (upgrader.hasStopped()) {
            // The application finished stopping between the handshake and the container's init(): its threads are
            // gone, so the connection could run no timer; refuse it rather than leave it open after undeploy.
            LOG.log(Level.DEBUG, "wsgate: connection upgraded after the application stopped; closing it");
            closeUnstarted();
            return;
        }
        try {
            upgrader.quirks().afterUpgrade(request, webConnection);
            transport = new ServletTransport(webConnection, upgrader.threads(), upgrader.quirks(), upgrader.readBuffers(),
                    metrics);
            WebSocketConnection connection = new WebSocketConnection(listener, transport, policy, Role.SERVER, metrics,
                    deflate == null ? null : upgrader.deflate(), deflate);
            request = null; // nothing needs the HTTP request any more; don't keep its object graph alive
            transport.start(connection);
        } catch (Exception | Error e) {
            LOG.log(Level.WARNING, "wsgate: could not start the WebSocket connection", e);
            closeUnstarted();
        }
    }

    /** Gives back the connection's slot and closes a connection that never started. */
    private void closeUnstarted() {
        upgrader.destroyed(listener);
        try {
            webConnection.close();
        } catch (Exception ignored) {
            // already failing
        }
    }

    @Override
    public void destroy() {
        ServletTransport t;
        WebSocketUpgrader u;
        WebSocketListener l;
        synchronized (this) {
            t = transport;
            u = upgrader;
            l = listener;
            // Jetty may keep this handler reachable a while after the socket closed (its selector's cursor still
            // points at the last key): let go of the connection and the application's listener now.
            transport = null;
            listener = null;
            webConnection = null;
            upgrader = null;
        }
        try {
            if (t != null) t.destroyed();
        } finally {
            // frees the connection's slot (also when it never started) and tells a waiting shutdown it is gone
            if (u != null) u.destroyed(l);
        }
    }
}
