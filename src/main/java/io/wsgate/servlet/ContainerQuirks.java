package io.wsgate.servlet;

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
 * there, so a Jetty that fixed one is left alone. Tomcat 11 needs one, for connections closed off its own threads.
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
        CLOSE_DISPATCH("close-dispatch",
                "Tomcat 11 sees that an upgraded connection's streams were closed only when one of its threads next"
                        + " handles the socket; closed from another thread (a close timeout), the socket would stay open"
                        + " until the peer sends again. wsgate asks Tomcat's poller for one more dispatch.");

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
            return new ContainerQuirks(info.isEmpty() ? "Apache Tomcat" : info, EnumSet.of(Workaround.CLOSE_DISPATCH));
        }
        if (!jetty) {
            return new ContainerQuirks(info.isEmpty() ? "unknown container" : info, EnumSet.noneOf(Workaround.class));
        }
        Matcher version = JETTY_VERSION.matcher(info.toLowerCase(Locale.ROOT));
        if (!version.lookingAt()) {
            // A Jetty we cannot date: engage everything; each workaround checks its own condition before acting.
            return new ContainerQuirks("Jetty (" + info + ")", EnumSet.of(Workaround.STALE_EOF, Workaround.ASYNC_TIMEOUT, Workaround.IDLE_TIMEOUT));
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
        return new ContainerQuirks(name, EnumSet.of(Workaround.STALE_EOF, Workaround.ASYNC_TIMEOUT, Workaround.IDLE_TIMEOUT));
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
     * the reason WebSocket cannot work where the container cannot upgrade at all.
     */
    public String summary() {
        if (upgradeUnsupported != null) {
            return "wsgate: " + container + ": every WebSocket handshake will be answered 501: " + upgradeUnsupported;
        }
        if (engaged.isEmpty()) {
            return "wsgate: " + container + ": no container workarounds needed";
        }
        return "wsgate: " + container + " workarounds engaged: "
                + engaged.stream().map(Workaround::id).collect(Collectors.joining(", "));
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
