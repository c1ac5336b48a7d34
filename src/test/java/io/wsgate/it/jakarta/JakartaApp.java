package io.wsgate.it.jakarta;

import io.wsgate.it.ContextExtras;
import io.wsgate.it.ServerPerKind;
import io.wsgate.it.app.TestApp;
import io.wsgate.jakarta.WsgateInitializer;
import jakarta.servlet.ServletContext;

import java.util.function.Consumer;

/**
 * A web application whose WebSocket endpoints wsgate deploys the standard way: its ServletContainerInitializer
 * {@code WsgateInitializer} runs with the endpoint classes a container's {@code @HandlesTypes} scan would find
 * (Tomcat: {@code Context.addServletContainerInitializer}; Jetty: {@code ServletContextHandler
 * .addServletContainerInitializer}, both before the application's listeners).
 */
final class JakartaApp {

    private JakartaApp() {}

    static ContextExtras extras(Class<?>... scanned) {
        // with HttpSessions, which the Jakarta layer links WebSocket sessions to
        return ContextExtras.none().sessions().initializer(new WsgateInitializer(), scanned);
    }

    static ServerPerKind servers(Class<?>... scanned) {
        return servers(context -> {}, scanned);
    }

    static ServerPerKind servers(Consumer<ServletContext> setup, Class<?>... scanned) {
        return new ServerPerKind(extras(scanned), withDefaultServlet(setup));
    }

    /**
     * Adds a servlet at "/" as a deployed application has (the container's default servlet): Tomcat answers 404
     * without running any filter when no servlet maps the request, so wsgate's filter would never see the upgrade.
     */
    static Consumer<ServletContext> withDefaultServlet(Consumer<ServletContext> setup) {
        return context -> {
            TestApp.addPlainServlet(context);
            setup.accept(context);
        };
    }
}
