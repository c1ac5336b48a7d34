package io.wsgate.servlet;

import jakarta.servlet.http.WebConnection;


/**
 * The one reflective path into Tomcat 11: from an upgraded connection's output stream
 * ({@code org.apache.coyote.http11.upgrade.UpgradeServletOutputStream}) to its socket wrapper, to ask the poller
 * for a write event. Tomcat's classes are ordinary classpath classes, so their private fields are reachable.
 */
final class TomcatInternals {

    private TomcatInternals() {
    }

    /**
     * Makes Tomcat dispatch the connection once more ({@code SocketWrapperBase.registerWriteInterest()}): the
     * dispatch finds both streams closed and closes the socket, calling {@code HttpUpgradeHandler.destroy()}.
     */
    static void requestDispatch(WebConnection connection) throws Exception {
        Object out = connection.getOutputStream();
        Object socketWrapper = ContainerReflection.field(out.getClass(), "socketWrapper").get(out);
        ContainerReflection.publicMethod(socketWrapper.getClass(), "registerWriteInterest").invoke(socketWrapper);
    }
}
