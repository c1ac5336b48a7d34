package io.wsgate.redis;

import io.wsgate.cluster.Hub;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

import java.net.URI;
import java.util.Set;

/**
 * Installs the application's {@link Hub} on Redis when the context parameter {@code wsgate.redis.uri} is set
 * (found by the container in this jar's META-INF/services); without it, the application keeps the single-node hub.
 * {@link #install(ServletContext, URI)} does the same from an application's own code (e.g. a URI from the
 * environment), before anything calls {@link Hub#of}.
 */
public final class RedisHubInitializer implements ServletContainerInitializer {

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        RedisSettings settings = RedisSettings.from(context);
        if (settings == null) return;
        install(context, settings);
        context.addListener(new Uninstall());
    }

    /**
     * Installs a Redis hub with the settings of the context parameters and {@code uri}, from an application's own
     * listener, whose contextDestroyed calls {@link Hub#uninstall(ServletContext)}.
     */
    public static Hub install(ServletContext context, URI uri) {
        return install(context, RedisSettings.from(context, uri));
    }

    public static Hub install(ServletContext context, RedisSettings settings) {
        return Hub.install(context, new RedisBroker(settings));
    }

    /** Closes the hub (its goodbye to the other nodes, then the connections and threads) when the application stops. */
    public static final class Uninstall implements ServletContextListener {
        @Override
        public void contextDestroyed(ServletContextEvent event) {
            Hub.uninstall(event.getServletContext());
        }
    }
}
