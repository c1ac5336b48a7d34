package io.wsgate.jakarta;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.HandlesTypes;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpoint;

import java.util.Set;

/**
 * Deploys a web application's Jakarta WebSocket endpoints when it starts: the container hands over the classes
 * annotated with {@code @ServerEndpoint} and those extending {@code Endpoint} or implementing
 * {@code ServerApplicationConfig}. An invalid endpoint stops the application, with a message naming the class and
 * the rule; a class that cannot even be inspected (a LinkageError) is left out with a warning instead
 * ({@link ScanSkip}). Registered in META-INF/services/jakarta.servlet.ServletContainerInitializer.
 */
@HandlesTypes({ServerEndpoint.class, Endpoint.class, ServerApplicationConfig.class})
public class WsgateInitializer implements ServletContainerInitializer {

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
        WsgateServerContainer container;
        try {
            container = WebAppInstaller.install(context);
        } catch (IllegalStateException foreign) {
            throw new ServletException(foreign.getMessage());
        }
        try {
            EndpointScan.deploy(EndpointScan.select(classes, container), container);
        } catch (DeploymentException e) {
            throw new ServletException("WebSocket deployment failed: " + e.getMessage(), e);
        }
        context.addListener(new Lifecycle(container));
    }

    /**
     * Runs after the application's own listeners (which may deploy endpoints programmatically): fails the
     * application if a deployment failed or another implementation replaced the container, and ends the deployment
     * phase; closes the sessions when the application stops.
     */
    static final class Lifecycle implements ServletContextListener {
        private final WsgateServerContainer container;

        Lifecycle(WsgateServerContainer container) {
            this.container = container;
        }

        @Override
        public void contextInitialized(ServletContextEvent event) {
            WebAppInstaller.verify(event.getServletContext(), container);
            DeploymentException failure = container.deploymentFailure();
            if (failure != null) {
                throw new IllegalStateException("WebSocket deployment failed: " + failure.getMessage(), failure);
            }
            container.endDeploymentPhase();
        }

        @Override
        public void contextDestroyed(ServletContextEvent event) {
            container.shutdown();
        }
    }
}
