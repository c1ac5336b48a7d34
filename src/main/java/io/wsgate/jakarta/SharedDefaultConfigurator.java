package io.wsgate.jakarta;

import io.wsgate.jakarta.session.Log;
import jakarta.websocket.server.ServerEndpointConfig;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * Where {@code super.checkOrigin(...)} in an application's configurator leads, and keeping it on wsgate.
 *
 * <p>The default methods of {@link ServerEndpointConfig.Configurator} delegate to the platform default, which
 * the API looks up with a ServiceLoader on the thread's context class loader and caches: Tomcat's API (one copy
 * in Tomcat's lib for every web application) in the static {@code defaultImpl}, the EE4J API (Jetty) per
 * configurator instance in {@code containerDefaultConfigurator}. Before an application configurator's checkOrigin
 * is called, the cache it would reach is made to hold a copy of {@link WsgateDefaultConfigurator} that answers
 * from the running handshake's verdict; when the application stops, Tomcat's static is given back what it held
 * (Tomcat's own default) or cleared, so it keeps nothing of the stopped application. All by reflection on the
 * API's private fields, guarded: another API build without them is left alone (and
 * {@link #defaultReachedBy} tells the caller super cannot be trusted).
 */
final class SharedDefaultConfigurator {

    private static final System.Logger LOG = Log.LOG;

    /** The API's caches, or null where this API build has none (looked up once). */
    private static final Field INSTANCE_CACHE = field(ServerEndpointConfig.Configurator.class, "containerDefaultConfigurator", false);
    private static final Field SHARED_CACHE = field(ServerEndpointConfig.Configurator.class, "defaultImpl", true);

    private SharedDefaultConfigurator() {}

    /** Makes {@code super.checkOrigin} of {@code configurator} reach a copy of wsgate's default that knows the verdict. */
    static void secure(ServerEndpointConfig.Configurator configurator) {
        secureInstanceCache(configurator);
        secureStaticCache(ServerEndpointConfig.Configurator.class);
    }

    /** EE4J API: the cache is the configurator's own field, nothing shared. */
    private static void secureInstanceCache(ServerEndpointConfig.Configurator configurator) {
        Field field = INSTANCE_CACHE;
        if (field == null) return;
        try {
            if (!(field.get(configurator) instanceof WsgateDefaultConfigurator)) {
                field.set(configurator, new WsgateDefaultConfigurator());
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot set the configurator's default: " + e);
        }
    }

    /**
     * Tomcat's API: the static shared by all applications. A copy of wsgate's default that answers through the
     * context class loader (this application's or another's) is left in place; anything else, Tomcat's default
     * (every origin allowed) or an older copy of wsgate, is replaced by this application's copy, which keeps
     * Tomcat's default to answer applications without wsgate as before.
     */
    static void secureStaticCache(Class<?> api) {
        Field cache = api == ServerEndpointConfig.Configurator.class ? SHARED_CACHE : field(api, "defaultImpl", true);
        if (cache == null) return;
        try {
            if (WsgateDefaultConfigurator.isAnsweringCopy(cache.get(null))) return;   // the usual case, no lock
        } catch (ReflectiveOperationException | RuntimeException e) {
            return;
        }
        Object lock = lock(api);
        if (lock == null) return;
        synchronized (lock) {
            try {
                Object current = cache.get(null);
                if (WsgateDefaultConfigurator.isAnsweringCopy(current)) return;
                ServerEndpointConfig.Configurator keep = current != null && !current.getClass().getName()
                        .equals(WsgateDefaultConfigurator.class.getName()) ? (ServerEndpointConfig.Configurator) current : null;
                cache.set(null, new WsgateDefaultConfigurator(keep));
                LOG.log(System.Logger.Level.DEBUG, "the WebSocket API's shared default configurator was "
                        + (current == null ? "not loaded" : current.getClass().getName() + " of " + current.getClass().getClassLoader())
                        + "; now wsgate's, answering from each handshake's origin verdict");
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "cannot set the WebSocket API's shared default configurator: " + e);
            }
        }
    }

    /**
     * The application whose classes {@code application} loaded stops: if Tomcat's static holds one of its objects,
     * it gets back the container default that object displaced, or null (the API loads one again when needed).
     */
    static void release(ClassLoader application) {
        release(ServerEndpointConfig.Configurator.class, application);
    }

    static void release(Class<?> api, ClassLoader application) {
        Field cache = field(api, "defaultImpl", true);
        Object lock = lock(api);
        if (cache == null || lock == null) return;
        synchronized (lock) {
            try {
                Object current = cache.get(null);
                if (current == null || current.getClass().getClassLoader() != application) return;
                Object restored = current instanceof WsgateDefaultConfigurator own ? own.displaced() : null;
                cache.set(null, restored);
                LOG.log(System.Logger.Level.DEBUG, "released the WebSocket API's shared default configurator of the"
                        + " stopping application; it now holds " + (restored == null ? "nothing" : restored.getClass().getName()));
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "cannot release the WebSocket API's shared default configurator: " + e);
            }
        }
    }

    /**
     * The default {@code super} reaches from {@code configurator}, if it is a copy of wsgate's that answers from
     * the handshake's verdict; null when it is something else (it cannot know the verdict).
     */
    static ServerEndpointConfig.Configurator defaultReachedBy(ServerEndpointConfig.Configurator configurator) {
        try {
            Object reached = INSTANCE_CACHE != null ? INSTANCE_CACHE.get(configurator)
                    : SHARED_CACHE != null ? SHARED_CACHE.get(null) : null;
            return WsgateDefaultConfigurator.isAnsweringCopy(reached) ? (ServerEndpointConfig.Configurator) reached : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Object lock(Class<?> api) {
        Field lock = field(api, "defaultImplLock", true);
        try {
            return lock == null ? null : lock.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Field field(Class<?> type, String name, boolean isStatic) {
        try {
            Field field = type.getDeclaredField(name);
            if (Modifier.isStatic(field.getModifiers()) != isStatic) return null;
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException | RuntimeException e) {
            return null;
        }
    }
}
