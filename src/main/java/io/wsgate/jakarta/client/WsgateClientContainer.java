package io.wsgate.jakarta.client;

import io.wsgate.client.ClientConnector;
import io.wsgate.client.ClientExtensions;
import io.wsgate.client.ClientHandshake;
import io.wsgate.client.ClientLoop;
import io.wsgate.engine.WebSocketConnection;
import io.wsgate.engine.WebSocketPolicy;
import io.wsgate.jakarta.coder.CoderSpec;
import io.wsgate.jakarta.deploy.ClientEndpoints;
import io.wsgate.jakarta.handshake.ExtensionHeader;
import io.wsgate.jakarta.session.EndpointCallbacks;
import io.wsgate.jakarta.session.HandshakeInfo;
import io.wsgate.jakarta.session.JakartaConnection;
import io.wsgate.jakarta.session.SessionLimits;
import io.wsgate.jakarta.session.WsgateSession;
import io.wsgate.protocol.ExtensionOffer;
import io.wsgate.protocol.Role;
import jakarta.websocket.ClientEndpoint;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Extension;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * wsgate's Jakarta WebSocket client: {@code connectToServer} for annotated ({@code @ClientEndpoint}) and programmatic
 * endpoints, over {@code ws://} and {@code wss://}, on wsgate's engine in client role and its non-blocking NIO
 * transport (one selector thread per container while it has connections, callback threads on demand).
 *
 * <p>{@code connectToServer} returns once the endpoint's onOpen has run; any failure (refused, unreachable, the
 * connect timeout, TLS, a response that is not a valid upgrade, an endpoint that cannot be created) throws a
 * {@link DeploymentException} whose cause says what happened, with no socket or thread left behind.
 * User properties read from the {@code ClientEndpointConfig}: see {@link ClientSettings}.
 */
public class WsgateClientContainer implements WebSocketContainer {

    private static final long DEFAULT_BLOCKING_SEND_TIMEOUT = 20_000;

    /** Where the defaults are read (this container, or the server container that owns it). */
    private final WebSocketContainer defaults;
    private final Set<WsgateSession> openSessions = ConcurrentHashMap.newKeySet();
    private final AtomicLong sessionIds = new AtomicLong();
    private final ClientConnector connector = new ClientConnector(new ClientLoop());
    private volatile long asyncSendTimeout;
    private volatile long maxIdleTimeout;
    private volatile int maxTextBufferSize = 64 * 1024;
    private volatile int maxBinaryBufferSize = 64 * 1024;

    public WsgateClientContainer() {
        this.defaults = this;
    }

    /** A client whose sessions take their defaults from {@code defaults} and report it as their container. */
    public WsgateClientContainer(WebSocketContainer defaults) {
        this.defaults = defaults;
    }

    // ---- connectToServer

    @Override
    public Session connectToServer(Object annotatedEndpointInstance, URI path) throws DeploymentException, IOException {
        if (annotatedEndpointInstance == null) throw new DeploymentException("the endpoint instance is null");
        if (annotatedEndpointInstance instanceof Endpoint e) {
            return connectToServer(e, ClientEndpointConfig.Builder.create().build(), path);
        }
        ClientEndpointConfig config = configOf(annotatedEndpointInstance.getClass());
        return connect(annotatedEndpointInstance, config, path);
    }

    @Override
    public Session connectToServer(Class<?> annotatedEndpointClass, URI path) throws DeploymentException, IOException {
        if (annotatedEndpointClass == null) throw new DeploymentException("the endpoint class is null");
        ClientEndpointConfig config = configOf(annotatedEndpointClass);
        return connect(instantiate(annotatedEndpointClass), config, path);
    }

    @Override
    public Session connectToServer(Endpoint endpointInstance, ClientEndpointConfig cec, URI path)
            throws DeploymentException, IOException {
        if (endpointInstance == null) throw new DeploymentException("the endpoint instance is null");
        return connect(endpointInstance, cec == null ? ClientEndpointConfig.Builder.create().build() : cec, path);
    }

    @Override
    public Session connectToServer(Class<? extends Endpoint> endpointClass, ClientEndpointConfig cec, URI path)
            throws DeploymentException, IOException {
        if (endpointClass == null) throw new DeploymentException("the endpoint class is null");
        return connectToServer(instantiate(endpointClass), cec, path);
    }

    /** The configuration a {@code @ClientEndpoint} annotation describes. */
    private static ClientEndpointConfig configOf(Class<?> type) throws DeploymentException {
        ClientEndpoint a = type.getAnnotation(ClientEndpoint.class);
        if (a == null) {
            throw new DeploymentException(type.getName() + " is not annotated with @ClientEndpoint (and is not an Endpoint)");
        }
        ClientEndpointConfig.Configurator configurator = instantiate(a.configurator());
        return ClientEndpointConfig.Builder.create()
                .preferredSubprotocols(List.of(a.subprotocols()))
                .decoders(List.of(a.decoders()))
                .encoders(List.of(a.encoders()))
                .configurator(configurator)
                .build();
    }

    private static <T> T instantiate(Class<T> type) throws DeploymentException {
        try {
            return type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
            throw new DeploymentException("cannot create " + type.getName()
                    + " (it needs a public no-argument constructor): " + cause, cause);
        }
    }

    private Session connect(Object endpoint, ClientEndpointConfig config, URI uri) throws DeploymentException {
        Target target = Target.of(uri);
        String owner = endpoint.getClass().getName();
        List<CoderSpec> decoders = CoderSpec.decoders(orEmpty(config.getDecoders()), owner);
        List<CoderSpec> encoders = CoderSpec.encoders(orEmpty(config.getEncoders()), owner);
        EndpointCallbacks callbacks = endpoint instanceof Endpoint e ? ClientEndpoints.programmatic(e)
                : ClientEndpoints.annotated(endpoint, decoders);
        Map<String, Object> properties = config.getUserProperties();
        Duration timeout;
        Supplier<SSLEngine> tls = null;
        try {
            timeout = ClientSettings.connectTimeout(properties);
            if (target.secure()) tls = tls(ClientSettings.sslContext(properties, config.getSSLContext()), target);
        } catch (IllegalArgumentException | java.security.NoSuchAlgorithmException e) {
            throw new DeploymentException(e.getMessage(), e);
        }

        List<String> subprotocols = orEmpty(config.getPreferredSubprotocols());
        List<ExtensionOffer> extensions = ClientExtensions.offerable(offers(orEmpty(config.getExtensions())));
        ClientEndpointConfig.Configurator configurator = config.getConfigurator() == null
                ? new ClientEndpointConfig.Configurator() : config.getConfigurator();
        Map<String, List<String>> headers = ClientHandshake.requestHeaders(uri, ClientHandshake.newKey(), subprotocols, extensions);
        configurator.beforeRequest(headers);
        List<String> keys = headers.get("Sec-WebSocket-Key");
        if (keys == null || keys.size() != 1) {
            throw new DeploymentException("the configurator's beforeRequest removed or duplicated Sec-WebSocket-Key");
        }
        ClientConnector.Request request = new ClientConnector.Request(uri, target.host(), target.port(), headers,
                keys.get(0), subprotocols, extensions, tls, timeout);

        AtomicReference<JakartaConnection> opened = new AtomicReference<>();
        try {
            connector.connect(request, (handshake, transport, secure) -> {
                configurator.afterResponse(() -> handshake.response().headers());
                JakartaConnection listener = new JakartaConnection(sessionSettings(decoders, encoders),
                        handshakeInfo(uri, handshake, secure), Map.of(), config, properties, callbacks, openSessions,
                        limits(), null);
                opened.set(listener);
                return new WebSocketConnection(listener, transport, new WebSocketPolicy(), Role.CLIENT);
            }).get(timeout.toMillis() + 10_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new DeploymentException("WebSocket connection to " + uri + " failed: " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new DeploymentException("WebSocket connection to " + uri + " not opened in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeploymentException("interrupted while connecting to " + uri, e);
        }
        return opened.get().session();
    }

    private static Supplier<SSLEngine> tls(SSLContext context, Target target) {
        return () -> {
            SSLEngine engine = context.createSSLEngine(target.host(), target.port());
            engine.setUseClientMode(true);
            SSLParameters parameters = engine.getSSLParameters();
            // The server's certificate must name the host connected to, as for HTTPS.
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(parameters);
            return engine;
        };
    }

    /** Where to connect: scheme, host and port, checked. */
    private record Target(boolean secure, String host, int port) {
        static Target of(URI uri) throws DeploymentException {
            if (uri == null) throw new DeploymentException("the URI is null");
            String scheme = uri.getScheme();
            boolean secure;
            if ("ws".equalsIgnoreCase(scheme)) secure = false;
            else if ("wss".equalsIgnoreCase(scheme)) secure = true;
            else throw new DeploymentException("WebSocket URI " + uri + " must have the scheme ws or wss");
            if (uri.getHost() == null) throw new DeploymentException("WebSocket URI " + uri + " has no host");
            if (uri.getRawFragment() != null) throw new DeploymentException("WebSocket URI " + uri + " must not have a fragment");
            int port = uri.getPort() == -1 ? (secure ? 443 : 80) : uri.getPort();
            String host = uri.getHost();
            if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
            return new Target(secure, host, port);
        }
    }

    private static List<ExtensionOffer> offers(List<Extension> extensions) {
        List<ExtensionOffer> offers = new ArrayList<>();
        for (Extension e : extensions) {
            Map<String, String> parameters = new LinkedHashMap<>();
            for (Extension.Parameter p : e.getParameters()) parameters.put(p.getName(), p.getValue());
            offers.add(new ExtensionOffer(e.getName(), parameters));
        }
        return offers;
    }

    private static HandshakeInfo handshakeInfo(URI uri, ClientHandshake.Result handshake, boolean secure) {
        List<Extension> extensions = ExtensionHeader.parse(handshake.response().headers().get("Sec-WebSocket-Extensions"));
        return new HandshakeInfo(uri, uri.getRawQuery(), queryParameters(uri.getRawQuery()), null, secure,
                handshake.subprotocol(), List.copyOf(extensions));
    }

    private static Map<String, List<String>> queryParameters(String query) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) return Map.of();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            map.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        map.replaceAll((k, v) -> List.copyOf(v));
        return Map.copyOf(map);
    }

    private WsgateSession.Settings sessionSettings(List<CoderSpec> decoders, List<CoderSpec> encoders) {
        WsgateSession.Settings s = new WsgateSession.Settings();
        s.id = "client-" + sessionIds.incrementAndGet();
        s.container = defaults;
        s.openSessions = openSessions;
        s.decoders = decoders;
        s.encoders = encoders;
        s.timer = connector.loop();
        s.streams = connector.loop()::executeStream;
        s.asyncSendTimeout = defaults.getDefaultAsyncSendTimeout();
        s.blockingSendTimeout = DEFAULT_BLOCKING_SEND_TIMEOUT;
        return s;
    }

    private SessionLimits limits() {
        long idle = defaults.getDefaultMaxSessionIdleTimeout();
        return new SessionLimits((long) defaults.getDefaultMaxTextMessageBufferSize(),
                (long) defaults.getDefaultMaxBinaryMessageBufferSize(), Duration.ofMillis(Math.max(0, idle)));
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    /**
     * The owning application stops: every open client session is closed with 1001, the connections still open
     * after {@code wait} (at most 10 s) are dropped, and the client's threads end (joined), so none is left holding
     * the application's class loader. The container cannot connect again afterwards.
     */
    public void shutdown(Duration wait) {
        for (WsgateSession s : List.copyOf(openSessions)) {
            try {
                s.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "application stopping"));
            } catch (IOException | RuntimeException e) {
                // already closing
            }
        }
        long millis = Math.min(10_000, Math.max(1, wait.toMillis()));
        connector.loop().shutdown(Duration.ofMillis(millis));
    }

    /** The client's threads and connections (tests). */
    public ClientLoop loop() {
        return connector.loop();
    }

    // ---- WebSocketContainer defaults

    @Override public long getDefaultAsyncSendTimeout() { return asyncSendTimeout; }
    @Override public void setAsyncSendTimeout(long timeoutmillis) { this.asyncSendTimeout = timeoutmillis; }
    @Override public long getDefaultMaxSessionIdleTimeout() { return maxIdleTimeout; }
    @Override public void setDefaultMaxSessionIdleTimeout(long timeout) { this.maxIdleTimeout = Math.max(0, timeout); }
    @Override public int getDefaultMaxBinaryMessageBufferSize() { return maxBinaryBufferSize; }
    @Override public void setDefaultMaxBinaryMessageBufferSize(int max) { this.maxBinaryBufferSize = positive(max); }
    @Override public int getDefaultMaxTextMessageBufferSize() { return maxTextBufferSize; }
    @Override public void setDefaultMaxTextMessageBufferSize(int max) { this.maxTextBufferSize = positive(max); }

    private static int positive(int size) {
        if (size <= 0) throw new IllegalArgumentException("buffer size must be positive: " + size);
        return size;
    }

    /** The extensions the client implements (none yet, see {@link ClientExtensions}). */
    @Override
    public Set<Extension> getInstalledExtensions() {
        return Set.of();
    }
}
