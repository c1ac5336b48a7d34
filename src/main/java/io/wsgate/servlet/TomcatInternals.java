package io.wsgate.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.WebConnection;

import java.lang.reflect.Field;
import java.lang.reflect.Method;


/**
 * The one reflective path into Tomcat 11: from an upgraded connection's output stream
 * ({@code org.apache.coyote.http11.upgrade.UpgradeServletOutputStream}) to its socket wrapper, to ask the poller
 * for a write event, or to write out what it buffered while a callback runs. Tomcat's classes are ordinary classpath classes, so their private fields are reachable.
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
     * Writes out what Tomcat buffered for the connection without blocking, as its own onWritePossible does
     * ({@code UpgradeServletOutputStream.flushInternal(false, false)}, under the stream's write lock), and answers
     * whether its buffers are now empty ({@code SocketWrapperBase.canWrite()}), the condition under which the
     * stream accepts a write whatever {@code isReady()} last said.
     */
    static boolean drainAndCanWrite(ServletOutputStream out) throws Exception {
        OutputAccess access = output;
        if (access == null || access.type() != out.getClass()) output = access = OutputAccess.of(out.getClass());
        try {
            access.flushInternal().invoke(out, false, false);
            return (Boolean) access.canWrite().invoke(access.socketWrapper().get(out));
        } catch (java.lang.reflect.InvocationTargetException e) {
            // Writing failed: Tomcat has told the WriteListener already (onError); the caller sees the failure.
            if (e.getCause() instanceof java.io.IOException io) throw io;
            throw e;
        }
    }

    /**
     * The reflective handles for Tomcat's output stream class, looked up once. Kept here, not in a ClassValue of
     * Tomcat's class, which would tie this application's class loader to Tomcat's for good.
     */
    private static volatile OutputAccess output;

    private record OutputAccess(Class<?> type, Method flushInternal, Field socketWrapper, Method canWrite) {
        static OutputAccess of(Class<?> type) throws ReflectiveOperationException {
            Method flush = null;
            for (Class<?> c = type; c != null && flush == null; c = c.getSuperclass()) {
                try {
                    flush = c.getDeclaredMethod("flushInternal", boolean.class, boolean.class);
                } catch (NoSuchMethodException ignored) {
                    // look further up
                }
            }
            if (flush == null) throw new NoSuchMethodException(type.getName() + ".flushInternal(boolean, boolean)");
            flush.setAccessible(true);
            Field wrapper = ContainerReflection.field(type, "socketWrapper");
            Method canWrite = ContainerReflection.publicMethod(wrapper.getType(), "canWrite");
            return new OutputAccess(type, flush, wrapper, canWrite);
        }
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
