package io.wsgate.jakarta;

import io.wsgate.jakarta.session.Log;
import jakarta.websocket.Extension;
import jakarta.websocket.server.ServerEndpointConfig;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * wsgate's platform default configurator, found through
 * {@code META-INF/services/jakarta.websocket.server.ServerEndpointConfig$Configurator}.
 *
 * <p>The Origin check needs the request, which the Configurator API does not pass: during a handshake the
 * verdict of wsgate's own check (same-origin or the configured allow-list) is made available to this class, so
 * an application configurator that calls {@code super.checkOrigin(origin)} gets wsgate's answer.
 *
 * <p>{@code super} does not always reach this application's copy of the class: Tomcat's {@code jakarta.websocket}
 * API, one copy for all web applications, caches the first default configurator it loads in a static, which may
 * be another application's copy of this class (or a dead one's), or Tomcat's own default (which allows every
 * origin). So every copy answers from the verdict of the handshake running on the calling thread, found through
 * the thread's context class loader (the application being served) even when that is another copy's; it answers
 * false when it knows of no handshake, and answers as the displaced container default would only for an
 * application without wsgate. {@link SharedDefaultConfigurator} keeps the API's cache on a copy that answers so.
 */
public class WsgateDefaultConfigurator extends ServerEndpointConfig.Configurator {

    private static final ThreadLocal<Boolean> ORIGIN_VERDICT = new ThreadLocal<>();

    /**
     * The container's own default this copy replaced in the API's shared cache, which still answers for
     * applications that do not use wsgate (their handshakes reach the cache too); null if none.
     */
    private final ServerEndpointConfig.Configurator displaced;

    public WsgateDefaultConfigurator() {
        this(null);
    }

    WsgateDefaultConfigurator(ServerEndpointConfig.Configurator displaced) {
        this.displaced = displaced;
    }

    ServerEndpointConfig.Configurator displaced() { return displaced; }

    /** Runs {@code check} with wsgate's origin verdict visible to {@link #checkOrigin}. */
    static boolean withOriginVerdict(boolean verdict, java.util.function.BooleanSupplier check) {
        Boolean previous = ORIGIN_VERDICT.get();
        ORIGIN_VERDICT.set(verdict);
        try {
            return check.getAsBoolean();
        } finally {
            if (previous == null) ORIGIN_VERDICT.remove();
            else ORIGIN_VERDICT.set(previous);
        }
    }

    /** Configurator classes already warned about, so a hostile client cannot fill the log. */
    private static final ClassValue<java.util.concurrent.atomic.AtomicBoolean> WARNED = new ClassValue<>() {
        @Override
        protected java.util.concurrent.atomic.AtomicBoolean computeValue(Class<?> type) {
            return new java.util.concurrent.atomic.AtomicBoolean();
        }
    };

    /**
     * The Origin decision of an application configurator that overrides checkOrigin. Its {@code super} is made to
     * reach a copy of this class that knows {@code verdict}; should that be impossible (an API build unknown to
     * {@link SharedDefaultConfigurator}), wsgate cannot tell an origin the configurator allowed on purpose from one
     * its super allowed without knowing, so it refuses what its own verdict refuses, and says so once.
     */
    static boolean decideOrigin(ServerEndpointConfig.Configurator configurator, String origin, boolean verdict) {
        SharedDefaultConfigurator.secure(configurator);
        boolean superKnows = SharedDefaultConfigurator.defaultReachedBy(configurator) != null;
        boolean allowed = withOriginVerdict(verdict, () -> configurator.checkOrigin(origin));
        if (!allowed || verdict || superKnows) return allowed;
        if (!WARNED.get(configurator.getClass()).getAndSet(true)) {
            Log.LOG.log(System.Logger.Level.WARNING, "WebSocket handshake from origin " + origin + " refused although "
                    + configurator.getClass().getName() + ".checkOrigin allowed it: its super.checkOrigin reaches a"
                    + " default configurator that cannot apply wsgate's origin policy, so wsgate cannot tell whether the"
                    + " configurator allowed it on purpose. List the origin in wsgate's allowedOrigins filter"
                    + " parameter, or return true for it without calling super.checkOrigin.");
        }
        return false;
    }

    /**
     * The verdict of the handshake this copy's wsgate runs on the calling thread, or null. Other copies of this
     * class (other class loaders) call it reflectively: keep its name and signature.
     */
    static Boolean handshakeOriginVerdict() {
        return ORIGIN_VERDICT.get();
    }

    /** Whether {@code configurator} is a copy of this class, from any class loader, that answers as this one. */
    static boolean isAnsweringCopy(Object configurator) {
        if (configurator == null || !configurator.getClass().getName().equals(WsgateDefaultConfigurator.class.getName())) {
            return false;
        }
        try {
            configurator.getClass().getDeclaredMethod("handshakeOriginVerdict");
            return true;
        } catch (NoSuchMethodException olderVersion) {
            return false;
        }
    }

    @Override
    public ServerEndpointConfig.Configurator getContainerDefaultConfigurator() {
        return this;
    }

    /** The first subprotocol in the client's list that the endpoint supports, or "" for none. */
    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        ServerEndpointConfig.Configurator foreign = foreign();
        if (foreign != null) return foreign.getNegotiatedSubprotocol(supported, requested);
        if (supported == null || requested == null) return "";
        for (String protocol : requested) {
            if (supported.contains(protocol)) return protocol;
        }
        return "";
    }

    /** The requested extensions that are installed, in the client's order. */
    @Override
    public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
        ServerEndpointConfig.Configurator foreign = foreign();
        if (foreign != null) return foreign.getNegotiatedExtensions(installed, requested);
        List<Extension> negotiated = new ArrayList<>();
        if (installed == null || requested == null) return negotiated;
        Set<String> names = new HashSet<>();
        installed.forEach(e -> names.add(e.getName()));
        for (Extension e : requested) {
            if (names.contains(e.getName())) negotiated.add(e);
        }
        return negotiated;
    }

    /**
     * wsgate's verdict for the handshake on this thread, whichever copy of this class is asked; false when no
     * wsgate handshake is running on this thread (nothing to judge: fail closed).
     */
    @Override
    public boolean checkOrigin(String originHeaderValue) {
        Boolean verdict = ORIGIN_VERDICT.get();
        if (verdict != null) return verdict;
        Class<?> served = copyOfServedApplication();
        if (served == null) {
            // An application without wsgate reached this copy through the container's shared cache: it gets the
            // answer of the container default this copy displaced, or Tomcat's (every origin), as it would have.
            return displaced == null || displaced.checkOrigin(originHeaderValue);
        }
        if (served != WsgateDefaultConfigurator.class) {
            verdict = verdictOf(served);
            if (verdict != null) return verdict;
        }
        return false;
    }

    /**
     * This class as the application served on this thread sees it (its context class loader): this class, another
     * copy, or null when that application has no wsgate.
     */
    private static Class<?> copyOfServedApplication() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context == null || context == WsgateDefaultConfigurator.class.getClassLoader()) return WsgateDefaultConfigurator.class;
        try {
            return Class.forName(WsgateDefaultConfigurator.class.getName(), false, context);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static Boolean verdictOf(Class<?> copy) {
        try {
            java.lang.reflect.Method verdict = copy.getDeclaredMethod("handshakeOriginVerdict");
            verdict.setAccessible(true);
            return (Boolean) verdict.invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;    // an older copy cannot tell: fail closed
        }
    }

    /** The displaced container default when the application served on this thread has no wsgate, else null. */
    private ServerEndpointConfig.Configurator foreign() {
        return displaced != null && copyOfServedApplication() == null ? displaced : null;
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig sec, jakarta.websocket.server.HandshakeRequest request,
                                jakarta.websocket.HandshakeResponse response) {
        ServerEndpointConfig.Configurator foreign = foreign();
        if (foreign != null) foreign.modifyHandshake(sec, request, response);
        // The default makes no modification (WebSocket 2.2 section 3.1.5).
    }

    /** A new instance per connection through the public no-argument constructor. */
    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        ServerEndpointConfig.Configurator foreign = foreign();
        if (foreign != null) return foreign.getEndpointInstance(endpointClass);
        try {
            return endpointClass.getConstructor().newInstance();
        } catch (InvocationTargetException e) {
            InstantiationException failure = new InstantiationException(
                    "constructor of " + endpointClass.getName() + " failed: " + e.getCause());
            failure.initCause(e.getCause());
            throw failure;
        } catch (ReflectiveOperationException | RuntimeException e) {
            InstantiationException failure = new InstantiationException(
                    "cannot create " + endpointClass.getName() + " through a public no-argument constructor: " + e);
            failure.initCause(e);
            throw failure;
        }
    }
}
