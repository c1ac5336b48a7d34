package io.wsgate.bench.server;

import jakarta.servlet.ServletContainerInitializer;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.util.List;

/** Embedded Jetty ee11 with its defaults: QueuedThreadPool (max 200), one ServerConnector, 30 s idle timeout. */
public final class JettyLauncher implements ServerLauncher {

    /** The cluster benchmark's nodes: {@code -Dbench.redis.uri=redis://...} becomes the context parameter. */
    static final String REDIS_URI_PROPERTY = "bench.redis.uri";

    @Override
    public void start(int port, List<ServletContainerInitializer> initializers) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        String redisUri = System.getProperty(REDIS_URI_PROPERTY);
        if (redisUri != null) {
            // As a WAR's web.xml would: wsgate-redis' initializer installs the Redis hub from this parameter.
            context.setInitParameter("wsgate.redis.uri", redisUri);
        }
        for (ServletContainerInitializer initializer : initializers) {
            context.addServletContainerInitializer(initializer);
        }
        server.setHandler(context);
        server.start();
        if (!context.isAvailable()) {
            // Jetty marks a context that failed to start unavailable and keeps running; refuse to measure it.
            throw new IllegalStateException("Jetty context failed to start; see the log above");
        }
    }

    @Override
    public String describe() {
        return "Jetty " + Server.getVersion() + " ee11";
    }
}
