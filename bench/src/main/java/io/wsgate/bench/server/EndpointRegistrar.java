package io.wsgate.bench.server;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;

import java.util.concurrent.TimeUnit;

/**
 * Deploys {@link EchoEndpoint} into whatever ServerContainer the context has, the portable way (the container's
 * ServletContainerInitializer has put it in the context attribute by the time listeners run).
 */
public class EndpointRegistrar implements ServletContextListener {

    static final String SERVER_CONTAINER_ATTRIBUTE = "jakarta.websocket.server.ServerContainer";

    /** Same idle timeout everywhere (Jetty's default is 30 s, Tomcat's none) so the idle scenario keeps its sessions. */
    static final long SESSION_IDLE_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(10);

    /** {@code -Dbench.endpoint=hub} also deploys the cluster benchmark's {@code HubEndpoint} at /hub/{topic}. */
    static final String ENDPOINT_PROPERTY = "bench.endpoint";
    static final String HUB_ENDPOINT = "hub";

    @Override
    public void contextInitialized(ServletContextEvent event) {
        Object attribute = event.getServletContext().getAttribute(SERVER_CONTAINER_ATTRIBUTE);
        if (!(attribute instanceof ServerContainer container)) {
            throw new IllegalStateException("No jakarta.websocket ServerContainer in the servlet context (attribute "
                    + SERVER_CONTAINER_ATTRIBUTE + " = " + attribute + "): this variant's classpath has no WebSocket "
                    + "implementation whose ServletContainerInitializer ran");
        }
        try {
            container.setDefaultMaxSessionIdleTimeout(SESSION_IDLE_TIMEOUT_MS);
            container.addEndpoint(EchoEndpoint.class);
            if (HUB_ENDPOINT.equals(System.getProperty(ENDPOINT_PROPERTY))) {
                // By name: compiled only with the library (profile "cluster"), never loaded by the other variants.
                container.addEndpoint(Class.forName("io.wsgate.bench.server.HubEndpoint"));
            }
        } catch (DeploymentException | ClassNotFoundException e) {
            throw new IllegalStateException("Could not deploy the bench endpoints", e);
        }
    }
}
