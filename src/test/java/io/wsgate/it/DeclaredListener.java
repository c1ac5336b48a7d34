package io.wsgate.it;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets Tomcat call a listener instance as if it had been declared in web.xml. Tomcat only allows a declared
 * listener (Servlet spec 4.4) to add filters and servlets, and declares listeners by class name; this class is
 * that name, and finds the instance to delegate to through a context init parameter.
 */
public final class DeclaredListener implements ServletContextListener {

    static final String KEY_PARAMETER = DeclaredListener.class.getName() + ".key";

    private static final Map<String, ServletContextListener> DELEGATES = new ConcurrentHashMap<>();

    private ServletContextListener delegate;

    /** Keeps {@code delegate} under a new key until {@link #forget}; returns the key. */
    static String remember(ServletContextListener delegate) {
        String key = UUID.randomUUID().toString();
        DELEGATES.put(key, delegate);
        return key;
    }

    static void forget(String key) {
        if (key != null) DELEGATES.remove(key);
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        String key = event.getServletContext().getInitParameter(KEY_PARAMETER);
        delegate = DELEGATES.get(key);
        if (delegate == null) throw new IllegalStateException("no listener registered under " + key);
        delegate.contextInitialized(event);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (delegate != null) delegate.contextDestroyed(event);
    }
}
