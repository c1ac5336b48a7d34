package io.wsgate.jakarta;

/**
 * Another Jakarta WebSocket implementation active in the same application (the container's own) would answer
 * upgrades before wsgate and serve the endpoints it scanned itself: Tomcat's WsSci registers its WsFilter and
 * deploys the scanned endpoints in its own container, Jetty's initializer installs its upgrade filter. Neither can
 * be switched off from inside the application, so wsgate refuses to start and names the one line that disables it.
 */
final class ForeignContainer {

    private ForeignContainer() {}

    static String message(Object foreign) {
        String type = foreign.getClass().getName();
        String prefix = "Another Jakarta WebSocket implementation (" + type + ") is active in this web application;"
                + " it would answer WebSocket handshakes instead of wsgate. ";
        if (type.startsWith("org.apache.tomcat.")) {
            return prefix + "Disable Tomcat's by adding to META-INF/context.xml: "
                    + "<Context containerSciFilter=\"org.apache.tomcat.websocket.server.WsSci\"/>";
        }
        if (type.startsWith("org.eclipse.jetty.")) {
            return prefix + "Disable Jetty's by adding to WEB-INF/web.xml: <context-param><param-name>"
                    + "org.eclipse.jetty.websocket.jakarta</param-name><param-value>false</param-value></context-param>";
        }
        return prefix + "Disable it in the container's configuration so that only wsgate serves WebSocket.";
    }
}
