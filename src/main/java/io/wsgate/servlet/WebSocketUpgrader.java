package io.wsgate.servlet;

import io.wsgate.engine.WebSocketListener;
import io.wsgate.engine.WebSocketPolicy;
import io.wsgate.engine.WebSocketSession;
import io.wsgate.protocol.CloseCodes;
import io.wsgate.protocol.ExtensionOffer;
import io.wsgate.protocol.HandshakeKeys;
import io.wsgate.protocol.HeaderTokens;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Performs opening handshakes for one web application and owns what its connections share: the settings,
 * the container workarounds, the timer thread and the set of open connections. The filter uses it, and so
 * can an API layer ({@code ServerContainer.upgradeHttpToWebSocket}) through {@link #upgrade}.
 */
public final class WebSocketUpgrader {

    private static final System.Logger LOG = System.getLogger(WebSocketUpgrader.class.getName());
    private static final String ATTRIBUTE = WebSocketUpgrader.class.getName();

    private final ContainerQuirks quirks;
    private final ReadBuffers readBuffers = new ReadBuffers();
    private volatile WsgateSettings settings = WsgateSettings.defaults();
    private final Set<WebSocketSession> open = ConcurrentHashMap.newKeySet();
    private final ClassLoader classLoader;
    private WsgateThreads threads;

    private WebSocketUpgrader(ServletContext context) {
        this.quirks = ContainerQuirks.forContext(context);
        this.classLoader = context.getClassLoader();
    }

    /** The upgrader of {@code context}, created on first use. */
    public static WebSocketUpgrader of(ServletContext context) {
        synchronized (context) {
            WebSocketUpgrader upgrader = (WebSocketUpgrader) context.getAttribute(ATTRIBUTE);
            if (upgrader == null) {
                upgrader = new WebSocketUpgrader(context);
                context.setAttribute(ATTRIBUTE, upgrader);
            }
            return upgrader;
        }
    }

    /**
     * Validates the handshake and either answers it with an error (400, 403 or 426 with a one-line reason) or
     * sets the 101 response and upgrades the connection. Returns whether the connection was upgraded.
     */
    public static boolean upgrade(HttpServletRequest request, HttpServletResponse response, UpgradeEndpoint endpoint)
            throws IOException, ServletException {
        return of(request.getServletContext()).handshake(request, response, endpoint);
    }

    void configure(WsgateSettings settings) {
        this.settings = settings;
    }

    /** The filter's default limits (a template: copy before changing). */
    public WebSocketPolicy defaultPolicy() {
        return settings.policy;
    }

    public boolean handshake(HttpServletRequest request, HttpServletResponse response, UpgradeEndpoint endpoint)
            throws IOException, ServletException {
        HandshakeValidator.Refusal refusal = HandshakeValidator.validate(request);
        if (refusal == null) refusal = checkOrigin(request, endpoint);
        if (refusal != null) {
            refuse(request, response, refusal);
            return false;
        }
        List<String> offered = HeaderTokens.list(HandshakeValidator.headers(request, "Sec-WebSocket-Protocol"));
        String subprotocol = offered.isEmpty() ? null : endpoint.selectSubprotocol(offered, request);
        if (subprotocol != null && !offered.contains(subprotocol)) {
            throw new IllegalStateException("endpoint chose subprotocol '" + subprotocol + "' that the client did not offer");
        }
        // Until an extension is implemented every offer is declined; parsing them checks they are well formed
        // for the log, and a malformed offer is simply not accepted, never an error.
        List<ExtensionOffer> extensions = ExtensionOffer.parse(HandshakeValidator.headers(request, "Sec-WebSocket-Extensions"));
        if (!extensions.isEmpty()) LOG.log(Level.TRACE, "wsgate: declining extensions {0}", extensions);

        WebSocketListener listener = endpoint.accept(request, response, subprotocol);
        if (listener == null) return false;

        response.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
        response.setHeader("Upgrade", "websocket");
        response.setHeader("Connection", "Upgrade");
        response.setHeader("Sec-WebSocket-Accept", HandshakeKeys.accept(request.getHeader("Sec-WebSocket-Key").trim()));
        if (subprotocol != null) response.setHeader("Sec-WebSocket-Protocol", subprotocol);
        quirks.beforeUpgrade(response);

        WebSocketPolicy template = endpoint.policy() != null ? endpoint.policy() : settings.policy;
        WsgateUpgradeHandler handler = request.upgrade(WsgateUpgradeHandler.class);
        // Each connection shares the template until it changes its own limits (copy on write in the engine).
        handler.attach(request, listener, template, this);
        return true;
    }

    private HandshakeValidator.Refusal checkOrigin(HttpServletRequest request, UpgradeEndpoint endpoint) {
        String origin = request.getHeader("Origin");
        // No Origin: not a browser, so nothing to hijack; the endpoint may still decide otherwise.
        boolean verdict = origin == null || settings.origins.allows(origin, request);
        if (endpoint.checkOrigin(origin, request, verdict)) return null;
        return new HandshakeValidator.Refusal(HttpServletResponse.SC_FORBIDDEN,
                (origin == null ? "a request without Origin" : "Origin " + origin)
                        + " may not open a WebSocket here (allowed: " + settings.origins + ")");
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, HandshakeValidator.Refusal refusal) throws IOException {
        LOG.log(Level.DEBUG, "wsgate: refused WebSocket handshake for {0} from {1}: {2} {3}",
                request.getRequestURI(), request.getRemoteAddr(), refusal.status, refusal.reason);
        response.setStatus(refusal.status);
        if (refusal.status == HttpServletResponse.SC_UPGRADE_REQUIRED) response.setHeader("Sec-WebSocket-Version", "13");
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().println(refusal.reason);
    }

    // ---- what the connections share -----------------------------------------------------------------------

    ContainerQuirks quirks() {
        return quirks;
    }

    ReadBuffers readBuffers() {
        return readBuffers;
    }

    /** The application's timer and callback threads, created on first use; their threads end by themselves when unused. */
    synchronized WsgateThreads threads() {
        if (threads == null) threads = new WsgateThreads(classLoader);
        return threads;
    }

    /** Wraps a connection's listener so the application's open connections are known (for shutdown and counts). */
    WebSocketListener track(WebSocketListener listener) {
        return new TrackingListener(listener, open);
    }

    /** Connections open now. */
    public int openConnections() {
        return open.size();
    }

    /** The application is stopping: open connections close with 1001, and the timer thread ends. */
    void shutdown() {
        for (WebSocketSession session : open) {
            session.close(CloseCodes.GOING_AWAY, "server shutting down");
        }
        WsgateThreads t;
        synchronized (this) {
            t = threads;
            threads = null;
        }
        // The close frames just queued go out with the container's last writes; no close timeout runs after this.
        if (t != null && !t.shutdown(java.time.Duration.ofSeconds(2))) {
            LOG.log(Level.WARNING, "wsgate: some of its threads did not end within 2 s of the application stopping");
        }
    }

    private static final class TrackingListener implements WebSocketListener {
        private final WebSocketListener delegate;
        private final Set<WebSocketSession> open;
        private WebSocketSession session;

        TrackingListener(WebSocketListener delegate, Set<WebSocketSession> open) {
            this.delegate = delegate;
            this.open = open;
        }

        @Override public void onOpen(WebSocketSession s) {
            session = s;
            open.add(s);
            delegate.onOpen(s);
        }
        @Override public void onTextChunk(ByteBuffer utf8, boolean last) { delegate.onTextChunk(utf8, last); }
        @Override public void onBinaryChunk(ByteBuffer data, boolean last) { delegate.onBinaryChunk(data, last); }
        @Override public void onPing(ByteBuffer payload) { delegate.onPing(payload); }
        @Override public void onPong(ByteBuffer payload) { delegate.onPong(payload); }
        @Override public void onError(Throwable cause) { delegate.onError(cause); }
        @Override public void onClose(int code, String reason) {
            onClose(code, reason, false);
        }
        @Override public void onClose(int code, String reason, boolean byEngine) {
            if (session != null) open.remove(session);
            delegate.onClose(code, reason, byEngine);
        }
    }
}
