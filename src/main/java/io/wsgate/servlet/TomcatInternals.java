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

    /**
     * Asks Tomcat to run the connection's read event on one of its threads (what its own WebSocket implementation
     * does to resume reading): {@code socketWrapper.processSocket(SocketEvent.OPEN_READ, true)}.
     */
    static void requestReadDispatch(WebConnection connection) throws Exception {
        Object in = connection.getInputStream();
        Object socketWrapper = ContainerReflection.field(in.getClass(), "socketWrapper").get(in);
        for (java.lang.reflect.Method m : socketWrapper.getClass().getMethods()) {
            if (m.getName().equals("processSocket") && m.getParameterCount() == 2 && m.getParameterTypes()[0].isEnum()
                    && m.getParameterTypes()[1] == boolean.class) {
                @SuppressWarnings({"unchecked", "rawtypes"})
                Object openRead = Enum.valueOf((Class) m.getParameterTypes()[0], "OPEN_READ");
                m.invoke(socketWrapper, openRead, true);
                return;
            }
        }
        throw new NoSuchMethodException(socketWrapper.getClass().getName() + ".processSocket(SocketEvent, boolean)");
    }
}
