package io.wsgate.servlet;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;

import java.util.Set;

/**
 * Says at startup when the application cannot load the Jakarta WebSocket API (a WAR that declares the API jars
 * {@code provided}, deployed on a Jetty base without the websocket-jakarta module): wsgate's own initializer names
 * API types in its {@code @HandlesTypes}, so the container cannot even load it, and without this check every
 * handshake would be a silent 404. Registered in META-INF/services before that initializer; refers to no
 * Jakarta WebSocket type itself.
 */
public final class JakartaApiCheck implements ServletContainerInitializer {

    private static final System.Logger LOG = System.getLogger(JakartaApiCheck.class.getName());
    /** Set when the warning was logged, so that wsgate's filter (if web.xml declares it) does not repeat it. */
    static final String WARNED = JakartaApiCheck.class.getName() + ".warned";

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        ClassLoader loader = context.getClassLoader() != null ? context.getClassLoader() : JakartaApiCheck.class.getClassLoader();
        String missing = StartupReport.missingJakartaApi(loader);
        if (missing == null) return;
        context.setAttribute(WARNED, Boolean.TRUE);
        LOG.log(System.Logger.Level.WARNING, StartupReport.missingApiMessage(context, missing));
    }
}
