package io.wsgate.sample;

import io.wsgate.cluster.Hub;
import io.wsgate.redis.RedisHubInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

import java.net.URI;

/**
 * The application's cluster hub: on Redis when {@code WSGATE_REDIS_URI} is set in the environment (or the system
 * property {@code wsgate.redis.uri}, handy for several nodes in one JVM), in memory otherwise. The chat and the
 * notifications use it the same way either way.
 */
public final class SampleHub implements ServletContextListener {

    static final String ENV = "WSGATE_REDIS_URI";

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        String uri = System.getProperty("wsgate.redis.uri", System.getenv(ENV));
        Hub hub = uri == null || uri.isBlank() ? Hub.of(context) : RedisHubInitializer.install(context, URI.create(uri.trim()));
        ChatRoom.start(hub);
        NotificationsEndpoint.start(hub);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        Hub.uninstall(event.getServletContext());
    }
}
