package io.wsgate.jakarta;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.websocket.DeploymentException;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * For containers that do not run ServletContainerInitializers (or applications that switched scanning off):
 * declared in web.xml, it installs wsgate and deploys the classes named in the context parameter
 * {@value #ENDPOINTS_PARAM} (comma or whitespace separated: {@code @ServerEndpoint} classes, {@code Endpoint}
 * subclasses and {@code ServerApplicationConfig} implementations, selected as a scan would select them).
 *
 * <pre>{@code
 * <context-param>
 *   <param-name>io.wsgate.endpoints</param-name>
 *   <param-value>com.example.ChatEndpoint, com.example.MyAppConfig</param-value>
 * </context-param>
 * <listener><listener-class>io.wsgate.jakarta.WsgateListener</listener-class></listener>
 * }</pre>
 *
 * An invalid endpoint or unknown class stops the application with a message naming it.
 */
public class WsgateListener implements ServletContextListener {

    public static final String ENDPOINTS_PARAM = "io.wsgate.endpoints";

    private WsgateServerContainer container;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        container = WebAppInstaller.install(context);
        Set<Class<?>> classes = load(context);
        try {
            EndpointScan.deploy(EndpointScan.select(classes, container), container);
        } catch (DeploymentException e) {
            throw new IllegalStateException("WebSocket deployment failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (container != null) container.shutdown();
    }

    private static Set<Class<?>> load(ServletContext context) {
        Set<Class<?>> classes = new LinkedHashSet<>();
        String names = context.getInitParameter(ENDPOINTS_PARAM);
        if (names == null) return classes;
        ClassLoader loader = context.getClassLoader();
        for (String name : names.split("[,\\s]+")) {
            if (name.isEmpty()) continue;
            try {
                Class<?> type = Class.forName(name, false, loader);
                if (!EndpointScan.deployable(type)) {
                    throw new IllegalStateException("context parameter " + ENDPOINTS_PARAM + " names " + name
                            + ", which is not a public concrete class");
                }
                classes.add(type);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("context parameter " + ENDPOINTS_PARAM + " names " + name
                        + ", which is not a class of this application", e);
            }
        }
        return classes;
    }
}
