package io.wsgate.servlet;

import io.wsgate.engine.WebSocketListener;
import io.wsgate.engine.WebSocketPolicy;
import io.wsgate.protocol.DeflateParameters;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.WebConnection;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Workarounds for servlet containers whose HTTP upgrade does not behave as the Servlet specification describes.
 * Detected once per web application. The Jetty workarounds are engaged on Jetty 12 and later only (every 12.1
 * release measured has all three quirks), and each checks at run time that the condition it repairs is really
 * there, so a Jetty that fixed one is left alone. On Jetty, WebSocket over HTTP/2 (RFC 8441) also goes through here:
 * it needs Jetty's own tunnel hand-off. Tomcat 11 needs one, for connections closed off its own threads.
 * Nothing here throws: a workaround that cannot reach what it needs logs one warning and steps aside.
 * See docs/container-quirks.md for causes and reproductions.
 */
public final class ContainerQuirks {

    /** One workaround: a short id for logs and a description of the container behaviour it repairs. */
    public enum Workaround {
        STALE_EOF("stale-eof",
                "Jetty 12.1 leaves the upgrade request's own end-of-content (Content.Chunk.EOF in HttpStreamOverHTTP1._chunk)"
                        + " queued on the connection, so the upgraded input stream reports EOF before the client's first"
                        + " byte; wsgate empties that slot before setting its ReadListener."),
        ASYNC_TIMEOUT("async-timeout",
                "Jetty 12.1 puts the upgraded request in async mode with the default 30 s AsyncContext timeout and"
                        + " tears the connection down when it expires; wsgate sets the timeout to 0."),
        IDLE_TIMEOUT("idle-timeout",
                "Jetty 12.1 keeps the connector idle timeout on the upgraded EndPoint, failing the ReadListener with a"
                        + " TimeoutException and leaving the socket open; wsgate turns it off so its own idle timeout governs."),
        EXTENDED_CONNECT("h2-websocket",
                "Jetty 12.1 with HTTP/2 advertises extended CONNECT (RFC 8441), so browsers open WebSockets as CONNECT"
                        + " requests with :protocol websocket, which request.upgrade() refuses (HTTP/1.1 only) and whose"
                        + " servlet input carries no data; wsgate answers 200 and hands the HTTP/2 stream to Jetty's own"
                        + " tunnel mechanism (request attribute org.eclipse.jetty.server.HttpStream.upgradeConnection),"
                        + " speaking WebSocket over the stream's EndPoint with its idle timeout lifted."),
        CLOSE_DISPATCH("close-dispatch",
                "Tomcat 11 sees that an upgraded connection's streams were closed only when one of its threads next"
                        + " handles the socket; closed from another thread (a close timeout), the socket would stay open"
                        + " until the peer sends again. wsgate asks Tomcat's poller for one more dispatch."),
        WRITE_IN_CALLBACK("write-in-callback",
                "Tomcat 11's upgraded output answers isReady() false from the moment it once did until its own"
                        + " onWritePossible, which it delivers only after the connection's thread leaves the callback it is"
                        + " in; a send waited for inside that callback could never be written. wsgate writes out Tomcat's"
                        + " buffer as its onWritePossible would and writes on while Tomcat's buffers are empty."),
        READ_DISPATCH("read-dispatch",
                "Tomcat 11 reads an upgraded connection's socket on its own threads whenever it handles it, even while"
                        + " wsgate has paused reading; a read from another thread at that moment corrupts its read buffer"
                        + " (frames out of order, a 1002 close). wsgate resumes a paused read on a Tomcat thread, by asking"
                        + " Tomcat for a read dispatch.");

        private final String id;
        private final String description;

        Workaround(String id, String description) {
            this.id = id;
            this.description = description;
        }

        public String id() {
            return id;
        }

        public String description() {
            return description;
        }
    }

    private static final System.Logger LOG = System.getLogger(ContainerQuirks.class.getName());
    static final String ATTRIBUTE = ContainerQuirks.class.getName();
    private static final Pattern JETTY_VERSION = Pattern.compile("jetty/((\\d{1,9})(?:\\.(\\d{1,9}))?\\S*)");

    private final String container;
    private final Set<Workaround> engaged;
    /** Why this container cannot upgrade a servlet request at all (Jetty 12.0), or null where it can. */
    private final String upgradeUnsupported;
    private final Set<Workaround> warned = ConcurrentHashMap.newKeySet();
    private volatile JettyTunnelApi tunnelApi;
    private final java.util.concurrent.atomic.AtomicBoolean tunnelLogged = new java.util.concurrent.atomic.AtomicBoolean();

    private ContainerQuirks(String container, Set<Workaround> engaged) {
        this(container, engaged, null);
    }

    private ContainerQuirks(String container, Set<Workaround> engaged, String upgradeUnsupported) {
        this.container = container;
        this.engaged = Collections.unmodifiableSet(engaged);
        this.upgradeUnsupported = upgradeUnsupported;
    }

    /**
     * The workarounds for the container running {@code context}, detected on first call and kept as a context
     * attribute; the first call logs one line naming the container and the workarounds engaged. Call it at filter
     * initialisation, not from an upgraded request (Tomcat recycles that request before {@code init()}).
     */
    public static ContainerQuirks forContext(ServletContext context) {
        synchronized (context) {
            if (context.getAttribute(ATTRIBUTE) instanceof ContainerQuirks known) {
                return known;
            }
            ContainerQuirks quirks = detect(context.getServerInfo(), context.getClass().getName());
            context.setAttribute(ATTRIBUTE, quirks);
            // A container that cannot upgrade at all makes every endpoint of the application fail: an error, once.
            LOG.log(quirks.upgradeSupported() ? System.Logger.Level.INFO : System.Logger.Level.ERROR, quirks.summary());
            return quirks;
        }
    }

    /** Detection from {@link ServletContext#getServerInfo()} and the context's runtime class name. */
    static ContainerQuirks detect(String serverInfo, String contextClassName) {
        String info = serverInfo == null ? "" : serverInfo.trim();
        boolean jetty = info.toLowerCase(Locale.ROOT).startsWith("jetty/")
                || (contextClassName != null && contextClassName.startsWith("org.eclipse.jetty."));
        boolean tomcat = info.startsWith("Apache Tomcat/")
                || (contextClassName != null && contextClassName.startsWith("org.apache.catalina."));
        if (tomcat) {
            return new ContainerQuirks(info.isEmpty() ? "Apache Tomcat" : info, EnumSet.of(Workaround.CLOSE_DISPATCH, Workaround.WRITE_IN_CALLBACK,
                    Workaround.READ_DISPATCH));
        }
        if (!jetty) {
            return new ContainerQuirks(info.isEmpty() ? "unknown container" : info, EnumSet.noneOf(Workaround.class));
        }
        Matcher version = JETTY_VERSION.matcher(info.toLowerCase(Locale.ROOT));
        if (!version.lookingAt()) {
            // A Jetty we cannot date: engage everything; each workaround checks its own condition before acting.
            return new ContainerQuirks("Jetty (" + info + ")", EnumSet.of(Workaround.STALE_EOF, Workaround.ASYNC_TIMEOUT,
                    Workaround.IDLE_TIMEOUT, Workaround.EXTENDED_CONNECT));
        }
        String name = "Jetty " + version.group(1);
        if (Integer.parseInt(version.group(2)) < 12) {
            return new ContainerQuirks(name, EnumSet.noneOf(Workaround.class)); // cannot run Servlet 6.1 anyway
        }
        if (Integer.parseInt(version.group(2)) == 12 && "0".equals(version.group(3))) {
            // Jetty 12.0's ee10 request answers upgrade() with "Not implemented" (measured on 12.0.39): no workaround
            // can help, so none is engaged and every handshake is answered 501 with the reason.
            return new ContainerQuirks(name, EnumSet.noneOf(Workaround.class), JETTY_12_0_REASON);
        }
        // Measured on 12.1.0, 12.1.3, 12.1.12, 12.1.13 and 12.1.14 (ee10 and ee11): all three quirks, every version.
        // Later versions keep them engaged; each checks its own condition, so a fixed Jetty is left untouched.
        // Extended CONNECT: engaged with the rest; it acts only on CONNECT requests that carry a Jetty tunnel.
        return new ContainerQuirks(name, EnumSet.of(Workaround.STALE_EOF, Workaround.ASYNC_TIMEOUT, Workaround.IDLE_TIMEOUT,
                Workaround.EXTENDED_CONNECT));
    }

    static final String JETTY_12_0_REASON = "Jetty 12.0 does not implement HttpServletRequest.upgrade(), so wsgate"
            + " cannot serve WebSocket on it; run the application on Jetty 12.1 or later, or use Jetty's own WebSocket"
            + " module (ee10-websocket-jakarta) instead of wsgate";

    /** The container as detected, e.g. "Jetty 12.1.14" or "Apache Tomcat/11.0.27". */
    public String container() {
        return container;
    }

    /** The workarounds engaged for this container (empty where none is needed). */
    public Set<Workaround> engaged() {
        return engaged;
    }

    public boolean isEngaged(Workaround workaround) {
        return engaged.contains(workaround);
    }

    /** Whether this container implements {@code HttpServletRequest.upgrade()}; false on Jetty 12.0. */
    public boolean upgradeSupported() {
        return upgradeUnsupported == null;
    }

    /** Why this container cannot upgrade, naming the fix; null where {@link #upgradeSupported()}. */
    public String upgradeUnsupportedReason() {
        return upgradeUnsupported;
    }

    /**
     * The startup line, e.g. "wsgate: Jetty 12.1.14 workarounds engaged: stale-eof, async-timeout, idle-timeout", or
     * the reason WebSocket cannot work where the container cannot upgrade at all. {@link Workaround#EXTENDED_CONNECT}
     * is left out: it applies only where Jetty serves HTTP/2 with extended CONNECT, which the application cannot see
     * at startup, so it is logged once when the first such handshake arrives.
     */
    public String summary() {
        if (upgradeUnsupported != null) {
            return "wsgate: " + container + ": every WebSocket handshake will be answered 501: " + upgradeUnsupported;
        }
        Set<Workaround> atStartup = EnumSet.noneOf(Workaround.class);
        atStartup.addAll(engaged);
        atStartup.remove(Workaround.EXTENDED_CONNECT);
        if (atStartup.isEmpty()) {
            return "wsgate: " + container + ": no container workarounds needed";
        }
        return "wsgate: " + container + " workarounds engaged: "
                + atStartup.stream().map(Workaround::id).collect(Collectors.joining(", "));
    }

    /**
     * Puts on the response what every container accepts before {@code request.upgrade()}: status 101 and exactly
     * {@code Connection: Upgrade}. Jetty 12.1.0-12.1.3 refuse to upgrade without them, and Tomcat 11 never adds
     * {@code Connection: Upgrade} itself (RFC 6455 requires it). Harmless everywhere.
     */
    public void beforeUpgrade(HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
        response.setHeader("Connection", "Upgrade");
    }

    /**
     * Applies the engaged workarounds to a freshly upgraded connection. Call once, when both the upgrade request and
     * the {@link WebConnection} are known, before setting the ReadListener and before the container's request
     * thread leaves the upgrade (inside {@code init()}, or right after {@code upgrade()} returns where the container
     * calls {@code init()} inside it). Touches the request only where a workaround is engaged: Tomcat has already
     * recycled it by {@code init()} time. Never throws.
     */
    public void afterUpgrade(HttpServletRequest request, WebConnection connection) {
        disableAsyncTimeout(request);
        disableIdleTimeout(request);
        clearStaleEof(request); // last: nearest to setReadListener
    }

    /**
     * Empties the upgraded connection's content slot if it holds the stale EOF; true if it did, i.e. this container
     * still has the quirk. Does nothing (false) where the workaround is not engaged. Never throws.
     */
    public boolean clearStaleEof(HttpServletRequest request) {
        if (!engaged.contains(Workaround.STALE_EOF)) {
            return false;
        }
        try {
            return JettyInternals.chunkSlot(JettyInternals.connection(request)).clearEof();
        } catch (Throwable failure) {
            warnOnce(Workaround.STALE_EOF, failure, "upgraded connections may report end of input at once");
            return false;
        }
    }

    /**
     * Sets the upgraded request's AsyncContext timeout to 0 if the container started async mode with a timeout; true
     * if it did, i.e. this container would otherwise have torn the connection down. Does nothing (false) where the
     * workaround is not engaged. Never throws.
     */
    public boolean disableAsyncTimeout(HttpServletRequest request) {
        if (!engaged.contains(Workaround.ASYNC_TIMEOUT)) {
            return false;
        }
        try {
            if (!request.isAsyncStarted() || request.getAsyncContext().getTimeout() <= 0) {
                return false;
            }
            request.getAsyncContext().setTimeout(0);
            return true;
        } catch (Throwable failure) {
            warnOnce(Workaround.ASYNC_TIMEOUT, failure, "upgraded connections may close after the default async timeout");
            return false;
        }
    }

    /**
     * Turns off the idle timeout of the upgraded connection's EndPoint, so wsgate's own idle timeout governs; true if
     * one was set, i.e. this container would otherwise have applied its connector idle timeout. Does nothing (false)
     * where the workaround is not engaged. Never throws.
     */
    public boolean disableIdleTimeout(HttpServletRequest request) {
        if (!engaged.contains(Workaround.IDLE_TIMEOUT)) {
            return false;
        }
        try {
            Object endPoint = JettyInternals.endPoint(JettyInternals.connection(request));
            if (JettyInternals.idleTimeout(endPoint) <= 0) {
                return false;
            }
            JettyInternals.setIdleTimeout(endPoint, 0);
            return true;
        } catch (Throwable failure) {
            warnOnce(Workaround.IDLE_TIMEOUT, failure, "the connector idle timeout will also end idle WebSocket connections");
            return false;
        }
    }

    /**
     * Called after wsgate closed a connection's streams from a thread that is not the container's (a timer or an
     * application thread), so that a container which only notices closed streams on its own threads still closes
     * the socket. Never throws.
     */
    public void closedOffContainerThread(WebConnection connection) {
        if (!engaged.contains(Workaround.CLOSE_DISPATCH)) {
            return;
        }
        try {
            TomcatInternals.requestDispatch(connection);
        } catch (Throwable failure) {
            warnOnce(Workaround.CLOSE_DISPATCH, failure, "a connection closed by a timeout may keep its socket until the peer sends again");
        }
    }

    /**
     * Whether {@code out} takes a write now although its {@code isReady()} answered false, while a container
     * callback of the connection runs (on Tomcat, see {@link Workaround#WRITE_IN_CALLBACK}: it first writes out
     * what the container buffered). False where the workaround is not engaged, there {@code isReady()} is the
     * answer. Call it only after {@code isReady()} answered false, holding the transport's write lock. Throws only
     * the IOException of a failed write.
     */
    public boolean writableInCallback(jakarta.servlet.ServletOutputStream out) throws java.io.IOException {
        if (!engaged.contains(Workaround.WRITE_IN_CALLBACK)) {
            return false;
        }
        try {
            return TomcatInternals.drainAndCanWrite(out);
        } catch (java.io.IOException writeFailed) {
            throw writeFailed;
        } catch (Throwable failure) {
            warnOnce(Workaround.WRITE_IN_CALLBACK, failure,
                    "a send waited for inside an endpoint callback completes only after the callback returns, or times out");
            return false;
        }
    }

    /** Whether reads must run on the container's own threads (see {@link Workaround#READ_DISPATCH}). */
    boolean readsOnContainerThreads() {
        return engaged.contains(Workaround.READ_DISPATCH);
    }

    /**
     * Asks the container to deliver a read event (onDataAvailable) on one of its threads; returns false if it
     * could not, and the caller must read itself. Never throws.
     */
    boolean requestReadDispatch(WebConnection connection) {
        if (!engaged.contains(Workaround.READ_DISPATCH)) return false;
        try {
            TomcatInternals.requestReadDispatch(connection);
            return true;
        } catch (Throwable failure) {
            warnOnce(Workaround.READ_DISPATCH, failure, "reads resumed off Tomcat's threads may race with them");
            return false;
        }
    }

    /**
     * The {@code :protocol} of an extended CONNECT request (RFC 8441) that Jetty can tunnel, or null for every other
     * request (and everywhere the workaround is not engaged). Only a CONNECT is looked at, so ordinary requests cost
     * one string comparison. Never throws.
     */
    public String extendedConnectProtocol(HttpServletRequest request) {
        if (!engaged.contains(Workaround.EXTENDED_CONNECT) || !"CONNECT".equals(request.getMethod())) {
            return null;
        }
        try {
            Object tunnel = JettyInternals.tunnel(request);
            return tunnel == null ? null : JettyInternals.tunnelProtocol(tunnel);
        } catch (Throwable failure) {
            warnOnce(Workaround.EXTENDED_CONNECT, failure, "WebSockets opened over HTTP/2 (extended CONNECT) will fail;"
                    + " turn extended CONNECT off in Jetty (see wsgate's README)");
            return null;
        }
    }

    /** Whether {@code request} is an RFC 8441 WebSocket handshake: CONNECT with {@code :protocol websocket}. */
    public boolean isWebSocketConnect(HttpServletRequest request) {
        return "websocket".equalsIgnoreCase(extendedConnectProtocol(request));
    }

    /**
     * Sets up the hand-off of an accepted RFC 8441 handshake: lifts the tunnel's idle timeout (wsgate's own timers
     * govern) and puts on the request the Connection that Jetty gives the tunnel's EndPoint once the 200 is sent.
     * Null if it was set up, else why not (warned once): the handshake is then refused.
     */
    String handOffTunnel(HttpServletRequest request, WebSocketUpgrader upgrader, WebSocketListener listener,
                         WebSocketPolicy policy, EndpointMetrics metrics, DeflateParameters deflate) {
        try {
            Object endPoint = JettyInternals.tunnelEndPoint(JettyInternals.tunnel(request));
            JettyTunnelApi api = tunnelApi(endPoint);
            api.setIdleTimeout(endPoint, 0);
            TunnelTransport transport = new TunnelTransport(api, endPoint, upgrader, listener, policy, metrics, deflate);
            request.setAttribute(JettyInternals.UPGRADE_CONNECTION_ATTRIBUTE, api.connection(new TunnelConnectionHandler(transport)));
            // A response that cannot be sent (the client reset the stream meanwhile) never opens the tunnel: Jetty
            // reports that only here, and the connection's slot must be given back.
            JettyInternals.onCompletion(request, failure -> {
                if (failure != null) transport.handOffFailed(failure);
            });
            if (tunnelLogged.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.INFO, "wsgate: " + container + " workaround engaged: "
                        + Workaround.EXTENDED_CONNECT.id() + " (WebSocket over HTTP/2, RFC 8441, through Jetty's tunnel"
                        + " hand-off; README tells how to turn extended CONNECT off instead)");
            }
            return null;
        } catch (Throwable failure) {
            warnOnce(Workaround.EXTENDED_CONNECT, failure, "WebSockets opened over HTTP/2 (extended CONNECT) are refused"
                    + " with 501; turn extended CONNECT off in Jetty (see wsgate's README)");
            return String.valueOf(failure);
        }
    }

    /** The method handles for the Jetty that made {@code endPoint}, looked up on first use. */
    private JettyTunnelApi tunnelApi(Object endPoint) throws ReflectiveOperationException {
        JettyTunnelApi api = tunnelApi;
        if (api == null || !api.serves(endPoint)) {
            api = JettyTunnelApi.of(endPoint);
            tunnelApi = api;
        }
        return api;
    }

    private void warnOnce(Workaround workaround, Throwable failure, String consequence) {
        if (failure instanceof VirtualMachineError error) {
            throw error;
        }
        if (warned.add(workaround)) {
            LOG.log(System.Logger.Level.WARNING, "wsgate: " + container + " workaround " + workaround.id()
                    + " could not be applied (" + failure + "); " + consequence);
        }
    }

    @Override
    public String toString() {
        return summary();
    }
}
