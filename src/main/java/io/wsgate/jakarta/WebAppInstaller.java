package io.wsgate.jakarta;

import io.wsgate.servlet.UpgradeEndpoint;
import io.wsgate.servlet.UpgradeRouter;
import io.wsgate.servlet.WebSocketRoutes;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Collection;
import java.util.EnumSet;

/**
 * Installs wsgate's Jakarta WebSocket support into a web application once: the ServerContainer attribute, wsgate's
 * filter (unless the application declares it) and the router through which the filter finds the endpoints.
 */
final class WebAppInstaller {

    /** Context-params with this prefix become init-params of the filter wsgate registers itself. */
    static final String SETTING_PREFIX = "io.wsgate.";

    private WebAppInstaller() {}

    /**
     * The application's container, installing it on first use.
     *
     * @throws IllegalStateException when another implementation's ServerContainer is installed
     */
    static WsgateServerContainer install(ServletContext context) {
        synchronized (context) {
            Object existing = context.getAttribute(WsgateServerContainer.ATTRIBUTE);
            if (existing instanceof WsgateServerContainer container) return container;
            if (existing != null) throw new IllegalStateException(ForeignContainer.message(existing));
            registerFilter(context);
            WsgateServerContainer container = new WsgateServerContainer(context);
            context.setAttribute(WsgateServerContainer.ATTRIBUTE, container);
            WebSocketRoutes.of(context).addRouter(new UpgradeRouter() {
                @Override
                public UpgradeEndpoint route(String path, HttpServletRequest request) {
                    return container.route(path, request);
                }

                @Override
                public Collection<String> pathTemplates() {
                    return container.pathTemplates();
                }
            });
            return container;
        }
    }

    /** Checks the container is still wsgate's once every initializer ran. */
    static WsgateServerContainer verify(ServletContext context, WsgateServerContainer ours) {
        Object current = context.getAttribute(WsgateServerContainer.ATTRIBUTE);
        if (current != ours) {
            throw new IllegalStateException(current == null
                    ? "the servlet-context attribute " + WsgateServerContainer.ATTRIBUTE + " was removed"
                    : ForeignContainer.message(current));
        }
        return ours;
    }

    /**
     * Maps wsgate's filter to /* after the application's own filters, for REQUEST and FORWARD as WebSocket 2.2
     * section 6.2.1 says of the upgrade filter, unless a filter of that class is declared already (web.xml may
     * declare it to place it earlier). Async is supported so async servlets behind it keep working.
     */
    private static void registerFilter(ServletContext context) {
        for (FilterRegistration registration : context.getFilterRegistrations().values()) {
            if (WsgateServerContainer.FILTER_CLASS.equals(registration.getClassName())) return;
        }
        FilterRegistration.Dynamic filter = context.addFilter(WsgateServerContainer.FILTER_CLASS, WsgateServerContainer.FILTER_CLASS);
        if (filter == null) return;     // a filter of that name exists: it is wsgate's
        filter.setAsyncSupported(true);
        // Settings without a web.xml entry for the filter (which would put it before filters declared after it):
        // context-params named io.wsgate.<init-param>, e.g. io.wsgate.allowedOrigins. A misspelt one reaches the
        // filter too, whose settings parser warns about unknown names; longer dotted names belong to others.
        for (String name : java.util.Collections.list(context.getInitParameterNames())) {
            String setting = name.startsWith(SETTING_PREFIX) ? name.substring(SETTING_PREFIX.length()) : "";
            if (!setting.isEmpty() && setting.indexOf('.') < 0 && !name.equals(WsgateListener.ENDPOINTS_PARAM)) {
                filter.setInitParameter(setting, context.getInitParameter(name));
            }
        }
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD), true, "/*");
    }
}
