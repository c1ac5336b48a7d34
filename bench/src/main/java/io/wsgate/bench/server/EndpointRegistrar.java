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
        } catch (DeploymentException e) {
            throw new IllegalStateException("Could not deploy " + EchoEndpoint.class.getName(), e);
        }
    }
}
