package io.wsgate.jakarta;

import io.wsgate.jakarta.deploy.AnnotatedServerEndpointConfig;
import io.wsgate.jakarta.deploy.DeployedEndpoint;
import io.wsgate.jakarta.deploy.EndpointPaths;
import io.wsgate.jakarta.deploy.UpgradeConfigCache;
import io.wsgate.jakarta.client.WsgateClientContainer;
import io.wsgate.jakarta.handshake.ImplementedExtensions;
import io.wsgate.jakarta.session.Log;
import io.wsgate.jakarta.session.SessionLimits;
import io.wsgate.jakarta.session.WsgateSession;
import io.wsgate.servlet.UpgradeEndpoint;
import io.wsgate.servlet.WebSocketUpgrader;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import io.wsgate.jakarta.handshake.ExtensionHeader;
import io.wsgate.protocol.DeflateParameters;
import jakarta.websocket.Extension;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Jakarta WebSocket {@link ServerContainer} of one web application, kept as the servlet-context attribute
 * {@code jakarta.websocket.server.ServerContainer}. It deploys endpoints, routes upgrade requests to them for
 * wsgate's filter, and holds the defaults new sessions start with.
 *
 * <p>Deployment: while the application starts, a deployment error removes every endpoint from service and stops
 * any further deployment (WebSocket 2.2 section 5.2.1); the deployment phase ends when the application has started
 * or the first upgrade request arrives. After that, {@code addEndpoint} still works (allowed since 2.1, section 6.4)
 * and a bad endpoint only fails that call. An annotated class submitted twice is deployed once.
 */
public final class WsgateServerContainer implements ServerContainer {

    /** The servlet-context attribute the specification names. */
    public static final String ATTRIBUTE = ServerContainer.class.getName();

    /** Class name of wsgate's filter, which the installer registers unless the application declares it. */
    static final String FILTER_CLASS = "io.wsgate.servlet.WsgateFilter";

    /** Default for blocking sends, which the specification gives no timeout setting. */
    static final long DEFAULT_BLOCKING_SEND_TIMEOUT = 20_000;

    private final ServletContext context;
    private final EndpointPaths<DeployedEndpoint> paths = new EndpointPaths<>();
    private final Set<Class<?>> annotatedClasses = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Set<String> appliedConfigs = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final UpgradeConfigCache upgradeConfigs = new UpgradeConfigCache();
    private final AtomicLong sessionIds = new AtomicLong();
    /** The application's owner of settings, timer, open connections and shutdown, shared with wsgate's filter. */
    private volatile WebSocketUpgrader upgrader;
    private volatile boolean deploying = true;
    private volatile DeploymentException deploymentFailure;
    private volatile long asyncSendTimeout;
    private volatile long blockingSendTimeout = DEFAULT_BLOCKING_SEND_TIMEOUT;
    private volatile Long maxIdleTimeout;
    private volatile Integer maxTextBufferSize;
    private volatile Integer maxBinaryBufferSize;
    private final Object clientLock = new Object();
    /** Guarded by clientLock; null until the application first connects to a server. */
    private WsgateClientContainer client;

    /** @param context the web application, or null outside a servlet container (tests) */
    public WsgateServerContainer(ServletContext context) {
        this.context = context;
        this.upgrader = context == null ? WebSocketUpgrader.detached() : WebSocketUpgrader.of(context);
    }

    // ---- deployment

    @Override
    public void addEndpoint(Class<?> endpointClass) throws DeploymentException {
        checkDeployable();
        if (endpointClass == null) throw fail(new DeploymentException("the endpoint class is null"));
        if (annotatedClasses.contains(endpointClass)) return;   // the same annotated class twice: deployed once
        try {
            deploy(DeployedEndpoint.of(AnnotatedServerEndpointConfig.of(endpointClass)));
            annotatedClasses.add(endpointClass);
        } catch (DeploymentException e) {
            throw fail(e);
        }
    }

    @Override
    public void addEndpoint(ServerEndpointConfig serverConfig) throws DeploymentException {
        checkDeployable();
        try {
            deploy(DeployedEndpoint.of(serverConfig));
        } catch (DeploymentException e) {
            throw fail(e);
        }
    }

    private synchronized void deploy(DeployedEndpoint endpoint) throws DeploymentException {
        EndpointPaths.Match<DeployedEndpoint> same = paths.match(endpoint.path().path());
        if (same != null && same.endpoint().path().path().equals(endpoint.path().path())
                && same.endpoint().config().getEndpointClass() == endpoint.config().getEndpointClass()
                && endpoint.annotated() != null) {
            return;     // an annotated endpoint submitted by scan and programmatically: deployed once
        }
        paths.add(endpoint.path(), endpoint);
        Log.LOG.log(System.Logger.Level.DEBUG, "deployed WebSocket endpoint " + endpoint);
    }

    private void checkDeployable() {
        DeploymentException failure = deploymentFailure;
        if (failure != null) {
            throw new IllegalStateException("WebSocket deployment of this application failed ("
                    + failure.getMessage() + "); no more endpoints can be deployed");
        }
    }

    /** A deployment error while the application starts takes every endpoint out of service. */
    private synchronized DeploymentException fail(DeploymentException e) {
        if (deploying && deploymentFailure == null) {
            deploymentFailure = e;
            paths.clear();
            Log.LOG.log(System.Logger.Level.ERROR, "WebSocket deployment failed: " + e.getMessage());
        }
        return e;
    }

    /** The deployment error that stopped the application's WebSocket deployment, or null. */
    DeploymentException deploymentFailure() { return deploymentFailure; }

    /** The application has started: later deployment errors only fail the call that caused them. */
    void endDeploymentPhase() {
        deploying = false;
    }

    /** Whether a ServerApplicationConfig class was applied already (by the initializer or the listener). */
    boolean markApplied(Class<?> applicationConfig) {
        return appliedConfigs.add(applicationConfig.getName());
    }

    // ---- routing (the filter asks through WebSocketRoutes)

    /** The endpoint for a path within the application, or null. */
    UpgradeEndpoint route(String path, HttpServletRequest request) {
        if (deploying) endDeploymentPhase();    // accepting connections ends the deployment phase
        if (deploymentFailure != null) return null;
        EndpointPaths.Match<DeployedEndpoint> match = paths.match(path);
        return match == null ? null : new JakartaUpgradeEndpoint(this, match.endpoint(), match.pathParameters());
    }

    /** The path templates of the endpoints deployed now (each gets its metrics MBean when the filter starts). */
    java.util.List<String> pathTemplates() {
        if (deploymentFailure != null) return java.util.List.of();
        return paths.endpoints().stream().map(e -> e.path().path()).sorted().toList();
    }

    @Override
    public void upgradeHttpToWebSocket(Object httpServletRequest, Object httpServletResponse, ServerEndpointConfig sec,
                                       Map<String, String> pathParameters) throws IOException, DeploymentException {
        if (!(httpServletRequest instanceof HttpServletRequest request)) {
            throw new IllegalArgumentException("httpServletRequest must be a jakarta.servlet.http.HttpServletRequest");
        }
        if (!(httpServletResponse instanceof HttpServletResponse response)) {
            throw new IllegalArgumentException("httpServletResponse must be a jakarta.servlet.http.HttpServletResponse");
        }
        DeployedEndpoint endpoint = upgradeConfigs.endpointFor(sec);
        try {
            // A refused handshake has its error response (400, 403, 426 or 503 with the reason) written: like Tomcat,
            // nothing more to do here.
            upgrader().handshake(request, response,
                    new JakartaUpgradeEndpoint(this, endpoint, pathParameters == null ? Map.of() : pathParameters));
        } catch (jakarta.servlet.ServletException e) {
            throw new IOException("upgrade to WebSocket failed: " + e.getMessage(), e);
        }
    }

    // ---- what new sessions start with

    WsgateSession.Settings sessionSettings(DeployedEndpoint endpoint) {
        WsgateSession.Settings settings = new WsgateSession.Settings();
        settings.id = Long.toString(sessionIds.incrementAndGet());
        settings.container = this;
        settings.openSessions = endpoint.openSessions();
        settings.decoders = endpoint.decoders();
        settings.encoders = endpoint.encoders();
        settings.timer = timer();
        settings.streams = upgrader().streams();
        settings.asyncSendTimeout = asyncSendTimeout;
        settings.blockingSendTimeout = blockingSendTimeout;
        return settings;
    }

    SessionLimits sessionLimits() {
        Integer text = maxTextBufferSize, binary = maxBinaryBufferSize;
        Long idle = maxIdleTimeout;
        return new SessionLimits(text == null ? null : text.longValue(), binary == null ? null : binary.longValue(),
                idle == null ? null : Duration.ofMillis(Math.max(0, idle)));
    }

    /** The application's clock and timers, shared with the engine (one timer thread; tasks run on callback threads). */
    io.wsgate.engine.Scheduler timer() {
        return upgrader().scheduler();
    }

    /** The application's upgrader; after a stop and start of the context (attributes kept), the new one. */
    private WebSocketUpgrader upgrader() {
        WebSocketUpgrader u = upgrader;
        if (u.isStopped() && context != null) {
            WebSocketUpgrader current = WebSocketUpgrader.existing(context);
            if (current != null && !current.isStopped()) upgrader = u = current;
        }
        return u;
    }

    /** Blocking sends fail after this many milliseconds; zero or less waits without limit. */
    public long getBlockingSendTimeout() { return blockingSendTimeout; }

    public void setBlockingSendTimeout(long timeoutMillis) { this.blockingSendTimeout = timeoutMillis; }

    /**
     * The application stops: every open session closes with 1001 (those opened through upgradeHttpToWebSocket too),
     * then the timer thread ends. The upgrader does it once for the whole application, whichever of wsgate's filter
     * and this container is told first.
     */
    void shutdown() {
        WsgateClientContainer c;
        synchronized (clientLock) {
            c = client;
            client = null;  // a restarted application gets a new one
        }
        if (c != null) c.shutdown(upgrader.defaultPolicy().closeTimeout());
        upgrader.shutdown();     // the one this container served with, not a successor
        // Tomcat's shared WebSocket API may hold this application's default configurator in a static; after the
        // upgrader stopped, no handshake of this application can put it back.
        SharedDefaultConfigurator.release(WsgateServerContainer.class.getClassLoader());
    }

    /** The application this container serves (public for add-ons such as {@code io.wsgate.cluster.Hub#of(Session)}). */
    public ServletContext servletContext() { return context; }

    // ---- WebSocketContainer

    @Override
    public long getDefaultAsyncSendTimeout() { return asyncSendTimeout; }

    @Override
    public void setAsyncSendTimeout(long timeoutmillis) { this.asyncSendTimeout = timeoutmillis; }

    @Override
    public long getDefaultMaxSessionIdleTimeout() {
        Long idle = maxIdleTimeout;
        return idle != null ? idle : upgrader().defaultPolicy().idleTimeout().toMillis();
    }

    @Override
    public void setDefaultMaxSessionIdleTimeout(long timeout) { this.maxIdleTimeout = Math.max(0, timeout); }

    @Override
    public int getDefaultMaxBinaryMessageBufferSize() {
        Integer size = maxBinaryBufferSize;
        return size != null ? size : WsgateSession.asInt(upgrader().defaultPolicy().maxBinaryMessageSize());
    }

    @Override
    public void setDefaultMaxBinaryMessageBufferSize(int max) { this.maxBinaryBufferSize = positive(max); }

    @Override
    public int getDefaultMaxTextMessageBufferSize() {
        Integer size = maxTextBufferSize;
        return size != null ? size : WsgateSession.asInt(upgrader().defaultPolicy().maxTextMessageSize());
    }

    @Override
    public void setDefaultMaxTextMessageBufferSize(int max) { this.maxTextBufferSize = positive(max); }

    private static int positive(int size) {
        if (size <= 0) throw new IllegalArgumentException("buffer size must be positive: " + size);
        return size;
    }

    /** permessage-deflate, unless the application switched it off (init-param {@code permessageDeflate}). */
    @Override
    public Set<Extension> getInstalledExtensions() {
        return upgrader().permessageDeflate() ? Set.of(PERMESSAGE_DEFLATE) : Set.of();
    }

    private static final Extension PERMESSAGE_DEFLATE =
            ExtensionHeader.parse(List.of(DeflateParameters.EXTENSION)).get(0);

    // ---- the client side: an application connecting to an upstream server

    /** This application's client, created on first use; its sessions take this container's defaults. */
    private WsgateClientContainer client() {
        synchronized (clientLock) {
            if (client == null) client = new WsgateClientContainer(this);
            return client;
        }
    }

    @Override
    public Session connectToServer(Object annotatedEndpointInstance, URI path) throws DeploymentException, IOException {
        return client().connectToServer(annotatedEndpointInstance, path);
    }

    @Override
    public Session connectToServer(Class<?> annotatedEndpointClass, URI path) throws DeploymentException, IOException {
        return client().connectToServer(annotatedEndpointClass, path);
    }

    @Override
    public Session connectToServer(Endpoint endpointInstance, ClientEndpointConfig cec, URI path)
            throws DeploymentException, IOException {
        return client().connectToServer(endpointInstance, cec, path);
    }

    @Override
    public Session connectToServer(Class<? extends Endpoint> endpointClass, ClientEndpointConfig cec, URI path)
            throws DeploymentException, IOException {
        return client().connectToServer(endpointClass, cec, path);
    }
}
