package io.wsgate.servlet;

import io.wsgate.engine.Scheduler;
import io.wsgate.engine.WebSocketListener;
import io.wsgate.engine.WebSocketPolicy;
import io.wsgate.engine.WebSocketSession;
import io.wsgate.engine.PerMessageDeflate;
import io.wsgate.protocol.CloseCodes;
import io.wsgate.protocol.DeflateNegotiation;
import io.wsgate.protocol.DeflateParameters;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one owner of what a web application's WebSocket connections share: the settings (parsed once, by
 * {@link WsgateSettings}), the container workarounds, the timer thread, the read-buffer pool, the registry of open
 * connections with their caps, and shutdown. It also performs the opening handshakes: the filter uses it, and so
 * does the Jakarta layer (its ServerContainer takes timer, defaults and shutdown from here, and
 * {@code upgradeHttpToWebSocket} handshakes through {@link #upgrade}).
 */
public final class WebSocketUpgrader {

    private static final System.Logger LOG = System.getLogger(WebSocketUpgrader.class.getName());
    private static final String ATTRIBUTE = WebSocketUpgrader.class.getName();

    /** What a refused client is told to wait before trying again (503 from a connection cap or a stopping application). */
    static final int RETRY_AFTER_SECONDS = 10;
    /** Longest wait at shutdown for the peers' close frames, whatever closeTimeout says: undeploy must not hang. */
    static final Duration MAX_SHUTDOWN_WAIT = Duration.ofSeconds(10);
    /** Longest wait for container threads to unbind the application's class loader after destroying a connection. */
    private static final Duration CONTAINER_UNBIND_WAIT = Duration.ofSeconds(1);
    /** Longest wait at shutdown for handshakes under way to register their connection. */
    private static final Duration HANDSHAKE_DRAIN_WAIT = Duration.ofSeconds(2);
    /** Longest wait for the timer thread to end once its queue is cancelled. */
    private static final Duration THREAD_END_WAIT = Duration.ofSeconds(5);

    private final ServletContext context;
    private final ContainerQuirks quirks;
    private final ReadBuffers readBuffers = new ReadBuffers();
    private final SessionRegistry open = new SessionRegistry();
    private final ConnectionSlots slots = new ConnectionSlots();
    private final RefusalLog refusals = new RefusalLog();
    /** The application's figures, counted from the start; published over JMX by {@link #configure}. */
    private final ApplicationMetrics metrics;
    private volatile WsgateSettings settings;
    /** Read from the filter's registration before its init ran. */
    private volatile WsgateSettings registered;
    private final AtomicBoolean stopping = new AtomicBoolean();
    /** Handshakes past the stopping check and not yet registered (see {@link #handshake}). */
    private final AtomicInteger handshaking = new AtomicInteger();
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** The timer and callback threads, created on first use; kept, ended, once the application has stopped. */
    private WsgateThreads threads;
    /** Created on first use; closed (its pooled streams ended) at shutdown. Guarded by this. */
    private PerMessageDeflate deflate;
    /** Set when shutdown ends the threads: any asked for later are stopped ones. Guarded by this. */
    private boolean threadsEnded;
    /** Container threads that destroyed a connection during shutdown, with the application's class loader bound. */
    private final Set<Thread> lastContainerThreads = Collections.newSetFromMap(Collections.synchronizedMap(new WeakHashMap<>()));

    private WebSocketUpgrader(ServletContext context, ContainerQuirks quirks) {
        this.context = context;
        this.quirks = quirks;
        this.metrics = new ApplicationMetrics(context == null ? null : context.getContextPath());
    }

    /** The upgrader of {@code context}, created on first use. */
    public static WebSocketUpgrader of(ServletContext context) {
        synchronized (context) {
            WebSocketUpgrader upgrader = (WebSocketUpgrader) context.getAttribute(ATTRIBUTE);
            if (upgrader == null) {
                upgrader = new WebSocketUpgrader(context, ContainerQuirks.forContext(context));
                context.setAttribute(ATTRIBUTE, upgrader);
            }
            return upgrader;
        }
    }

    /**
     * The upgrader for an application that is starting (the filter's init): a fresh one if the context kept the
     * stopped upgrader of its previous run as an attribute. Everywhere else {@link #of} is right: a handshake racing
     * the stop must meet the stopped upgrader (503), not start a new one that nobody would shut down.
     */
    static WebSocketUpgrader forStartingApplication(ServletContext context) {
        synchronized (context) {
            WebSocketUpgrader existing = (WebSocketUpgrader) context.getAttribute(ATTRIBUTE);
            if (existing != null && existing.isStopped()) context.removeAttribute(ATTRIBUTE);
            return of(context);
        }
    }

    /** The upgrader of {@code context} if one exists, else null; never creates one. */
    public static WebSocketUpgrader existing(ServletContext context) {
        return (WebSocketUpgrader) context.getAttribute(ATTRIBUTE);
    }

    /** An upgrader outside any servlet container (tests of the layers above): default settings, a timer, shutdown. */
    public static WebSocketUpgrader detached() {
        WebSocketUpgrader upgrader = new WebSocketUpgrader(null, ContainerQuirks.detect(null, null));
        upgrader.settings = WsgateSettings.defaults();
        return upgrader;
    }

    /**
     * Validates the handshake and either answers it with an error (400, 403, 426 or 503 with a one-line reason) or
     * sets the 101 response and upgrades the connection. Returns whether the connection was upgraded.
     */
    public static boolean upgrade(HttpServletRequest request, HttpServletResponse response, UpgradeEndpoint endpoint)
            throws IOException, ServletException {
        return of(request.getServletContext()).handshake(request, response, endpoint);
    }

    /**
     * The filter's init parameters, read by its {@code init}; publishes the metrics over JMX (unless {@code jmx} is
     * false), with an MBean for each of {@code pathTemplates}, the endpoints known now (others get theirs at their
     * first handshake). {@link #shutdown} unregisters them.
     */
    void configure(WsgateSettings settings, Collection<String> pathTemplates) {
        this.settings = settings;
        for (String template : pathTemplates) metrics.endpoint(template);
        if (settings.jmx) metrics.publish();
    }

    /**
     * The settings in force: the filter's once it has started; before that (a listener asking the Jakarta container
     * for its defaults) read from the filter's registration by the same parser, else the defaults.
     */
    WsgateSettings settings() {
        WsgateSettings s = settings;
        if (s != null) return s;
        s = registered;
        if (s != null) return s;
        s = context == null ? null : WsgateSettings.fromRegistration(context);
        if (s == null) return WsgateSettings.defaults();   // not cached: the filter may be registered later
        registered = s;
        return s;
    }

    /** The filter's default limits (a template: copy before changing). */
    public WebSocketPolicy defaultPolicy() {
        return settings().policy;
    }

    public boolean handshake(HttpServletRequest request, HttpServletResponse response, UpgradeEndpoint endpoint)
            throws IOException, ServletException {
        WsgateSettings s = settings();
        if (!quirks.upgradeSupported()) {
            // Said at startup as an ERROR; each client is told why too, instead of the container's bare 500.
            refuse(request, response, new HandshakeValidator.Refusal(HttpServletResponse.SC_NOT_IMPLEMENTED,
                    "WebSocket is not available on this server: " + quirks.upgradeUnsupportedReason(),
                    RefusalKind.UNSUPPORTED, null));
            return false;
        }
        // An RFC 8441 handshake (HTTP/2 CONNECT with :protocol websocket) where the container can tunnel it.
        String tunnelProtocol = quirks.extendedConnectProtocol(request);
        boolean tunnel = tunnelProtocol != null;
        if (tunnel) request = TunnelRequest.of(request);
        HandshakeValidator.Refusal refusal = tunnel
                ? HandshakeValidator.validateExtendedConnect(request, tunnelProtocol) : HandshakeValidator.validate(request);
        if (refusal == null) refusal = checkOrigin(request, endpoint, s);
        if (refusal != null) {
            refuse(request, response, refusal);
            return false;
        }
        // Counted from before the stopping check to after the connection is registered, so shutdown, which sets
        // stopping and then waits for this count, sees every connection that got past the check.
        handshaking.incrementAndGet();
        try {
            if (stopping.get()) {
                refuse(request, response, new HandshakeValidator.Refusal(HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                        "the application is stopping", RefusalKind.STOPPING, null));
                return false;
            }
            return reserveAndSwitch(request, response, endpoint, s, tunnel);
        } finally {
            handshaking.decrementAndGet();
        }
    }

    private boolean reserveAndSwitch(HttpServletRequest request, HttpServletResponse response, UpgradeEndpoint endpoint,
                                     WsgateSettings s, boolean tunnel) throws IOException, ServletException {
        Object reservation = slots.reserve(request.getRemoteAddr(), s.maxConnections, s.maxConnectionsPerAddress);
        if (reservation instanceof ConnectionSlots.Refusal cap) {
            refuse(request, response, capRefusal(cap));
            return false;
        }
        ConnectionSlots.Slot slot = (ConnectionSlots.Slot) reservation;
        boolean upgraded = false;
        try {
            upgraded = switchProtocols(request, response, endpoint, s, slot, tunnel);
            return upgraded;
        } catch (BadHandshakeException e) {
            refuse(request, response, new HandshakeValidator.Refusal(HttpServletResponse.SC_BAD_REQUEST, e.getMessage(),
                    RefusalKind.REQUEST, null));
            return false;
        } finally {
            if (!upgraded) slot.release();
        }
    }

    private boolean switchProtocols(HttpServletRequest request, HttpServletResponse response, UpgradeEndpoint endpoint,
                                    WsgateSettings s, ConnectionSlots.Slot slot, boolean tunnel)
            throws IOException, ServletException {
        List<String> offered = HeaderTokens.list(HandshakeValidator.headers(request, "Sec-WebSocket-Protocol"));
        String subprotocol = offered.isEmpty() ? null : endpoint.selectSubprotocol(offered, request);
        if (subprotocol != null && !offered.contains(subprotocol)) {
            throw new IllegalStateException("endpoint chose subprotocol '" + subprotocol + "' that the client did not offer");
        }
        // permessage-deflate is the one extension: the first valid offer is accepted; an invalid or malformed
        // offer, or any other extension, is declined, never an error.
        List<ExtensionOffer> extensions = ExtensionOffer.parse(HandshakeValidator.headers(request, "Sec-WebSocket-Extensions"));
        DeflateParameters agreed = s.permessageDeflate && !extensions.isEmpty()
                ? DeflateNegotiation.negotiate(extensions, s.deflateServerContextTakeover) : null;
        agreed = endpoint.negotiateDeflate(agreed, request);
        if (!extensions.isEmpty()) LOG.log(Level.TRACE, "wsgate: offered extensions {0}, agreed {1}", extensions, agreed);

        WebSocketListener listener = endpoint.accept(request, response, subprotocol);
        if (listener == null) {
            // The endpoint answered itself (and logs its own reasons): counted, not logged again.
            metrics.refused(RefusalKind.ENDPOINT);
            return false;
        }
        if (tunnel) return openTunnel(request, response, listener, endpoint, s, slot, subprotocol, agreed);

        response.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
        response.setHeader("Upgrade", "websocket");
        response.setHeader("Connection", "Upgrade");
        response.setHeader("Sec-WebSocket-Accept", HandshakeKeys.accept(request.getHeader("Sec-WebSocket-Key").trim()));
        if (subprotocol != null) response.setHeader("Sec-WebSocket-Protocol", subprotocol);
        if (agreed != null) response.setHeader("Sec-WebSocket-Extensions", agreed.responseHeader());
        quirks.beforeUpgrade(response);

        WebSocketPolicy template = endpoint.policy() != null ? endpoint.policy() : s.policy;
        EndpointMetrics counters = metrics.endpoint(endpoint.pathTemplate());
        WsgateUpgradeHandler handler = request.upgrade(WsgateUpgradeHandler.class);
        // Each connection shares the template until it changes its own limits (copy on write in the engine).
        // From here the slot is the connection's: released when it closes, or when the container drops the handler
        // of a connection that never started.
        TrackingListener tracking = new TrackingListener(listener, open, slot, stopping, counters);
        open.attached(tracking);
        handler.attach(request, tracking, template, this, counters, agreed);
        return true;
    }

    /**
     * RFC 8441: answers 200 (no Upgrade, Connection or Sec-WebSocket-Accept) and has the container hand the HTTP/2
     * stream to a {@link TunnelTransport} once the response is sent (see {@link ContainerQuirks#handOffTunnel}).
     */
    private boolean openTunnel(HttpServletRequest request, HttpServletResponse response, WebSocketListener listener,
                               UpgradeEndpoint endpoint, WsgateSettings s, ConnectionSlots.Slot slot, String subprotocol,
                               DeflateParameters agreed) throws IOException {
        WebSocketPolicy template = endpoint.policy() != null ? endpoint.policy() : s.policy;
        EndpointMetrics counters = metrics.endpoint(endpoint.pathTemplate());
        TrackingListener tracking = new TrackingListener(listener, open, slot, stopping, counters);
        open.attached(tracking);
        String failure = quirks.handOffTunnel(request, this, tracking, template, counters, agreed);
        if (failure != null) {
            open.destroyed(tracking);
            refuse(request, response, new HandshakeValidator.Refusal(HttpServletResponse.SC_NOT_IMPLEMENTED,
                    "WebSocket over HTTP/2 is not available on this server; use HTTP/1.1", RefusalKind.UNSUPPORTED, failure));
            return false;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        if (subprotocol != null) response.setHeader("Sec-WebSocket-Protocol", subprotocol);
        if (agreed != null) response.setHeader("Sec-WebSocket-Extensions", agreed.responseHeader());
        return true;
    }

    /**
     * Exactly one well-formed Origin (or none, from a non-browser client), then wsgate's rule, then the endpoint's
     * say. A duplicated, listed or malformed Origin fails closed before the endpoint is asked: a check reading only
     * the first of two values would let the second through.
     */
    private HandshakeValidator.Refusal checkOrigin(HttpServletRequest request, UpgradeEndpoint endpoint, WsgateSettings s) {
        List<String> values = HandshakeValidator.headers(request, "Origin");
        String origin = values.isEmpty() ? null : values.get(0);
        String rule;
        if (values.size() > 1) {
            rule = "more than one Origin header " + values;
        } else if (origin != null && OriginPolicy.parse(origin) == null) {
            rule = "malformed Origin '" + printable(origin) + "' (not scheme://host[:port])";
        } else {
            // No Origin: not a browser, so nothing to hijack; the endpoint may still decide otherwise.
            String wsgateRule = origin == null ? null : s.origins.refusal(OriginPolicy.parse(origin), request);
            if (endpoint.checkOrigin(origin, request, wsgateRule == null)) return null;
            rule = origin == null ? "a request without Origin, refused by the endpoint"
                    : "Origin " + printable(origin) + ": " + (wsgateRule != null ? wsgateRule : "refused by the endpoint");
        }
        // The client learns only that its origin is not allowed; which rule said so (the allow-list) is for the log.
        return new HandshakeValidator.Refusal(HttpServletResponse.SC_FORBIDDEN,
                "this Origin may not open a WebSocket here", RefusalKind.ORIGIN, rule);
    }

    private HandshakeValidator.Refusal capRefusal(ConnectionSlots.Refusal cap) {
        String param = cap.cap() == ConnectionSlots.Cap.APPLICATION ? "maxConnections" : "maxConnectionsPerAddress";
        String rule = param + "=" + cap.limit() + " reached" + (cap.cap() == ConnectionSlots.Cap.ADDRESS ? " for this address" : "")
                + " (" + slots.refused() + " handshakes refused by the caps so far)";
        return new HandshakeValidator.Refusal(HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                "too many WebSocket connections, try again later", cap.cap() == ConnectionSlots.Cap.APPLICATION
                        ? RefusalKind.MAX_CONNECTIONS : RefusalKind.MAX_CONNECTIONS_PER_ADDRESS, rule);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, HandshakeValidator.Refusal refusal) throws IOException {
        String line = "wsgate: refused WebSocket handshake for " + printable(request.getRequestURI()) + " from "
                + request.getRemoteAddr() + " [" + refusal.kind.key + "]: " + refusal.status + " " + refusal.reason
                + (refusal.rule != null ? " (" + refusal.rule + ")" : "");
        // Every refusal is counted; the log says why at WARNING (a misconfigured origin rule and a client speaking
        // the wrong protocol both need someone's attention), at most one line per reason per minute.
        metrics.refused(refusal.kind);
        refusals.log(refusal.kind, line);
        LOG.log(Level.DEBUG, line);
        response.setStatus(refusal.status);
        if (refusal.status == HttpServletResponse.SC_UPGRADE_REQUIRED) response.setHeader("Sec-WebSocket-Version", "13");
        if (refusal.status == HttpServletResponse.SC_SERVICE_UNAVAILABLE) {
            response.setHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        }
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().println(refusal.reason);
    }

    /** A client-supplied value made safe for one log line: no control characters, bounded length. */
    static String printable(String value) {
        if (value == null) return "null";
        StringBuilder sb = new StringBuilder(Math.min(value.length(), 200));
        for (int i = 0; i < value.length() && sb.length() < 200; i++) {
            char c = value.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        if (value.length() > 200) sb.append("...");
        return sb.toString();
    }

    // ---- what the connections share -----------------------------------------------------------------------

    ContainerQuirks quirks() {
        return quirks;
    }

    ReadBuffers readBuffers() {
        return readBuffers;
    }

    /**
     * What the application's connections share for permessage-deflate, created with the first connection that
     * negotiated it; its pooled zlib streams are ended at shutdown.
     */
    synchronized PerMessageDeflate deflate() {
        if (deflate == null) deflate = new PerMessageDeflate(settings().deflateMinMessageSize);
        // After shutdown a late connection still gets one; it is closed (ended) with nothing pooled.
        if (threadsEnded) deflate.close();
        return deflate;
    }

    /**
     * The application's timer and callback threads (see {@link WsgateThreads}), created on first use; their threads
     * end by themselves when unused. Once the application has stopped, they refuse work.
     */
    synchronized WsgateThreads threads() {
        if (threads == null) {
            threads = new WsgateThreads(context == null ? null : context.getClassLoader());
            // Asked for once shutdown has ended the threads (a send timeout armed late): nothing may start threads
            // any more. While shutdown still waits for connections to close, they need their timers.
            if (threadsEnded) threads.shutdown(Duration.ZERO);
        }
        return threads;
    }

    /** The clock, timers and callback threads shared by the application's connections and its Jakarta layer. */
    public Scheduler scheduler() {
        return threads();
    }

    /** Where the application's streamed-message handlers run (see {@link WsgateThreads#executeStream}). */
    public java.util.concurrent.Executor streams() {
        return threads()::executeStream;
    }

    /** Whether the application negotiates permessage-deflate (init-param {@code permessageDeflate}). */
    public boolean permessageDeflate() {
        return settings().permessageDeflate;
    }

    /** Whether {@link #shutdown} has begun: this upgrader refuses handshakes from now on. */
    public boolean isStopped() {
        return stopping.get();
    }

    /** Connections open now. */
    public int openConnections() {
        return open.size();
    }

    /** Handshakes refused with 503 by {@code maxConnections} or {@code maxConnectionsPerAddress} so far. */
    public long refusedByConnectionCaps() {
        return slots.refused();
    }

    /** Slots held now: open connections plus handshakes under way (for tests of the caps' exactness). */
    int reservedSlots() {
        return slots.reserved();
    }

    /**
     * The container destroyed a connection's handler (or it never started): its slot is free again, and shutdown
     * need not wait for it.
     */
    void destroyed(WebSocketListener listener) {
        if (listener instanceof TrackingListener tracking) {
            if (stopping.get()) lastContainerThreads.add(Thread.currentThread());
            tracking.slot.release();
            open.destroyed(tracking);
        }
    }

    /**
     * The application is stopping (the filter's {@code destroy} or the Jakarta layer's {@code contextDestroyed},
     * whichever comes first; the other waits for it): new handshakes get 503, every open connection is closed with
     * 1001 and given up to its close timeout (at most {@link #MAX_SHUTDOWN_WAIT}) for the peer's close frame, those
     * still open then are aborted, and the timer thread is ended and waited for, so the container finds no thread
     * of the application left.
     */
    public void shutdown() {
        if (!stopping.compareAndSet(false, true)) {
            awaitStopped();
            return;
        }
        try {
            awaitHandshakes();
            List<WebSocketSession> sessions = open.snapshot();
            for (WebSocketSession session : sessions) {
                try {
                    session.close(CloseCodes.GOING_AWAY, "server shutting down");
                } catch (RuntimeException e) {
                    LOG.log(Level.DEBUG, "wsgate: closing a connection at shutdown failed", e);
                }
            }
            if (!sessions.isEmpty() || open.live() > 0) {
                Duration wait = settings().policy.closeTimeout();
                if (wait.compareTo(MAX_SHUTDOWN_WAIT) > 0) wait = MAX_SHUTDOWN_WAIT;
                if (!open.awaitEmpty(wait.plusMillis(500))) {
                    List<WebSocketSession> left = open.snapshot();
                    LOG.log(Level.INFO, "wsgate: " + Math.max(left.size(), open.live()) + " connection(s) did not"
                            + " finish closing within " + wait.toMillis() + " ms of shutdown; aborting them");
                    for (WebSocketSession session : left) session.abort();
                    open.awaitEmpty(Duration.ofSeconds(1));
                }
            }
            endThreads();
            awaitContainerThreadsUnbound();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            metrics.unpublish();
            stopped.countDown();
        }
    }

    /**
     * Waits (briefly, bounded: a handshake runs the endpoint's own code) for the handshakes that got past the stopping
     * check to register their connection, so that the wait below covers them. One that opens after the snapshot of
     * open sessions closes itself with 1001 (see {@link TrackingListener#onOpen}).
     */
    private void awaitHandshakes() throws InterruptedException {
        long deadline = System.nanoTime() + HANDSHAKE_DRAIN_WAIT.toNanos();
        while (handshaking.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);    // no notification for a counter; rare, and at most HANDSHAKE_DRAIN_WAIT
        }
    }

    /** Whether shutdown has finished: a connection whose container starts it now must not start. */
    boolean hasStopped() {
        return stopped.getCount() == 0;
    }

    private void endThreads() {
        WsgateThreads t;
        PerMessageDeflate d;
        synchronized (this) {
            t = threads;
            d = deflate;
            threadsEnded = true;
        }
        // Connections are closed by now, their own inflaters ended; the pooled streams' native memory goes now,
        // not whenever the garbage collector gets to them.
        if (d != null) d.close();
        // Connections are closed by now: what is left to schedule is timers of connections that are gone. Tomcat
        // looks for threads the application left behind right after the listeners ran: wait for them to end.
        if (t != null && !t.shutdown(THREAD_END_WAIT)) {
            LOG.log(Level.WARNING, "wsgate: some of its threads did not end within " + THREAD_END_WAIT.toMillis()
                    + " ms of the application stopping");
        }
    }

    /**
     * A container destroys a connection on one of its threads with the application's class loader bound as the
     * context class loader, and unbinds it only after {@code destroy()} has returned (Tomcat also runs the instance
     * manager's pre-destroy in between). Tomcat checks for threads holding that class loader while the application
     * stops and reported such a worker as a thread the application "has failed to stop": wait (briefly, bounded)
     * until the threads that destroyed our last connections have let go of it.
     */
    private void awaitContainerThreadsUnbound() throws InterruptedException {
        ClassLoader application = context == null ? null : context.getClassLoader();
        if (application == null) return;
        long deadline = System.nanoTime() + CONTAINER_UNBIND_WAIT.toNanos();
        for (Thread t : snapshot(lastContainerThreads)) {
            if (t == Thread.currentThread()) continue;
            // no notification exists for a context class loader changing: poll, for at most a second in all
            while (t.isAlive() && t.getContextClassLoader() == application && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
        }
        lastContainerThreads.clear();
    }

    private static List<Thread> snapshot(Set<Thread> threads) {
        synchronized (threads) {
            return new ArrayList<>(threads);
        }
    }

    private void awaitStopped() {
        try {
            stopped.await(MAX_SHUTDOWN_WAIT.plus(THREAD_END_WAIT).toMillis() + 2000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Registers the connection while it is open and releases its slot once it has closed. */
    private static final class TrackingListener implements WebSocketListener {
        private final WebSocketListener delegate;
        private final SessionRegistry open;
        final ConnectionSlots.Slot slot;
        private final AtomicBoolean stopping;
        private final EndpointMetrics metrics;
        private WebSocketSession session;

        TrackingListener(WebSocketListener delegate, SessionRegistry open, ConnectionSlots.Slot slot, AtomicBoolean stopping,
                         EndpointMetrics metrics) {
            this.delegate = delegate;
            this.open = open;
            this.slot = slot;
            this.stopping = stopping;
            this.metrics = metrics;
        }

        @Override public void onOpen(WebSocketSession s) {
            session = s;
            open.add(s);
            metrics.opened(s);
            delegate.onOpen(s);
            // Shutdown sets stopping before it takes the snapshot of open sessions it closes: a session added after
            // that snapshot finds stopping set here and closes itself, so none is left open.
            if (stopping.get()) s.close(CloseCodes.GOING_AWAY, "server shutting down");
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
            try {
                delegate.onClose(code, reason, byEngine);
            } finally {
                // after the endpoint's onClose, so that shutdown's wait covers it
                if (session != null) open.remove(session);
                metrics.closed(session, code);
                slot.release();
            }
        }
    }
}
