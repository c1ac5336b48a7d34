package io.wsgate.it;

import jakarta.servlet.ServletContextListener;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** Embedded Jetty 12.1 with an ee11 (Servlet 6.1) context. */
final class JettyEe11Container implements EmbeddedContainer {

    private Server server;
    private ServletContextHandler context;

    @Override
    public int start(String contextPath, ServletContextListener setup, ContextExtras extras) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("jetty-ee11");
        // Jetty retires at most one idle thread per idle timeout (60 s by default); a short one lets growth during a
        // test recede within seconds, so thread counts before and after can be compared.
        threads.setIdleTimeout(2000);
        server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);

        // HttpSession support only when asked for (Tomcat's contexts always have it): with a SessionHandler,
        // Jetty ee10 keeps one closed connection's listener reachable, which ConnectionLeakTest would report.
        context = extras.hasSessions()
                ? new ServletContextHandler(contextPath, ServletContextHandler.SESSIONS)
                : new ServletContextHandler(contextPath);
        // Initializers run before the listeners' contextInitialized, as in a deployed web application.
        for (ContextExtras.Initializer i : extras.initializers()) {
            context.addServletContainerInitializer(i.initializer(), i.classes().toArray(Class<?>[]::new));
        }
        if (extras.hasWebXml()) {
            java.nio.file.Path docBase = java.nio.file.Files.createTempDirectory("wsgate-jetty");
            docBase.toFile().deleteOnExit();
            extras.writeWebXml(docBase);
            context.setBaseResourceAsPath(docBase);
        }
        extras.initParameters().forEach(context::setInitParameter);
        // A class loader of the application's own (delegating to the test class path), as a deployed web
        // application has: Jetty binds it as the context class loader around the application's code, so a test
        // can see whether any thread still holds it after the application stopped (Tomcat's leak check, by hand).
        context.setClassLoader(new java.net.URLClassLoader("app", new java.net.URL[0], JettyEe11Container.class.getClassLoader()));
        context.addEventListener(setup);
        server.setHandler(context);

        server.start();
        return connector.getLocalPort();
    }

    @Override
    public void stopApplication() throws Exception {
        context.stop();
    }

    @Override
    public void startApplication() throws Exception {
        context.start();
    }

    @Override
    public void stop() throws Exception {
        if (server != null) server.stop();
    }
}
