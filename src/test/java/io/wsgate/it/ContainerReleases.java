package io.wsgate.it;

/** The Tomcat and Jetty releases on the test class path, read reflectively so that either may be absent. */
final class ContainerReleases {

    private ContainerReleases() {}

    /** Tomcat's version number, e.g. "11.0.27.0", or "none". */
    static String tomcat() {
        return staticValue("org.apache.catalina.util.ServerInfo", "getServerNumber");
    }

    /** Jetty's version, e.g. "12.1.14", or "none". */
    static String jetty() {
        try {
            return String.valueOf(Class.forName("org.eclipse.jetty.util.Jetty").getField("VERSION").get(null));
        } catch (ReflectiveOperationException | LinkageError e) {
            return "none";
        }
    }

    private static String staticValue(String className, String method) {
        try {
            return String.valueOf(Class.forName(className).getMethod(method).invoke(null));
        } catch (ReflectiveOperationException | LinkageError e) {
            return "none";
        }
    }
}
