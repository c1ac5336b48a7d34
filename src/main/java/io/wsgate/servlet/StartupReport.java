package io.wsgate.servlet;

import jakarta.servlet.ServletContext;

import java.lang.System.Logger.Level;
import java.util.List;

/**
 * What wsgate tells the operator once per application start, from its filter's {@code init} (filters start after
 * the listeners, so every endpoint deployed at startup is known): one INFO line with the endpoint paths and the
 * effective limits, and a WARNING for each setup mistake it can see: no endpoint deployed, the Jakarta WebSocket API
 * missing from the application's class path, filters that web.xml maps after wsgate's ({@link FilterOrder}).
 */
final class StartupReport {

    private static final System.Logger LOG = System.getLogger(StartupReport.class.getName());
    /** A class of each Jakarta WebSocket API jar: the server one and the client one (Session, Endpoint...). */
    private static final List<String> JAKARTA_API = List.of("jakarta.websocket.server.ServerEndpoint", "jakarta.websocket.Endpoint");

    private StartupReport() {}

    static void log(ServletContext context, String filterName, WebSocketRoutes routes, WsgateSettings settings,
                    ContainerQuirks quirks) {
        String app = "wsgate: application '" + application(context) + "'";
        List<String> paths = routes.pathTemplates();
        LOG.log(Level.INFO, app + ": WebSocket endpoints " + paths + "; limits: " + settings.describe());
        String missingApi = missingJakartaApi(StartupReport.class.getClassLoader());
        if (missingApi != null && context.getAttribute(JakartaApiCheck.WARNED) == null) {
            LOG.log(Level.WARNING, missingApiMessage(context, missingApi));
        }
        if (paths.isEmpty() && quirks.upgradeSupported()) {
            LOG.log(Level.WARNING, app + ": wsgate's filter is installed but no WebSocket endpoint is deployed, so"
                    + " every WebSocket handshake gets 404; annotate an endpoint with @ServerEndpoint (in WEB-INF/classes"
                    + " or a jar in WEB-INF/lib), deploy one through the ServerContainer from a ServletContextListener,"
                    + " or add a WebSocketRoute" + (missingApi != null ? "; first make the Jakarta WebSocket API loadable (above)" : ""));
        }
        for (String warning : FilterOrder.warnings(context, filterName)) {
            LOG.log(Level.WARNING, app + ": " + warning);
        }
    }

    static String missingApiMessage(ServletContext context, String missing) {
        return "wsgate: application '" + application(context) + "': the Jakarta WebSocket API cannot be loaded ("
                + missing + "), so wsgate deploys no @ServerEndpoint or Endpoint class and every handshake gets 404;"
                + " put jakarta.websocket-api and jakarta.websocket-client-api 2.2.0 into WEB-INF/lib (Maven scope"
                + " compile, not provided): a Jetty base without the ee10/ee11-websocket-jakarta module does not"
                + " provide them, and where the container has them (Tomcat) its copies are used";
    }

    /** The first Jakarta WebSocket API class {@code loader} cannot load, with the reason; null if all load. */
    static String missingJakartaApi(ClassLoader loader) {
        for (String name : JAKARTA_API) {
            try {
                Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                return name + ": " + e;
            }
        }
        return null;
    }

    private static String application(ServletContext context) {
        String path = context.getContextPath();
        return path == null || path.isEmpty() ? "/" : path;
    }
}
