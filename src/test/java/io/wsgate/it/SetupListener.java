package io.wsgate.it;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

import java.util.function.Consumer;

/**
 * Runs a test's configuration where a real application would: in {@code contextInitialized}, registering filters,
 * servlets and WebSocket routes programmatically.
 */
final class SetupListener implements ServletContextListener {

    private final Consumer<ServletContext> setup;

    SetupListener(Consumer<ServletContext> setup) {
        this.setup = setup;
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        setup.accept(event.getServletContext());
    }
}
