package io.wsgate.servlet;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The reflective paths from a servlet request into Jetty 12.1's core objects. A webapp class loader hides
 * {@code org.eclipse.jetty.*} by name, so everything here goes through the runtime classes of the objects Jetty hands
 * us, and through public methods of public types wherever one exists (fields are touched only where Jetty offers no
 * method). Every method throws on an unexpected shape; {@link ContainerQuirks} turns that into one warning.
 */
final class JettyInternals {

    private JettyInternals() {
    }

    /**
     * The HTTP/1.1 connection carrying {@code request}: servlet request (unwrapped) {@code .getRequest()} (the core
     * {@code org.eclipse.jetty.server.Request}) {@code .getConnectionMetaData().getConnection()}, which is
     * {@code org.eclipse.jetty.server.internal.HttpConnection} for HTTP/1.1.
     */
    static Object connection(ServletRequest request) throws ReflectiveOperationException {
        ServletRequest servletApiRequest = unwrap(request);
        Object coreRequest = call(servletApiRequest, "getRequest");
        Object metaData = call(coreRequest, "getConnectionMetaData");
        return call(metaData, "getConnection");
    }

    /**
     * The request attribute through which a handler hands Jetty the {@code org.eclipse.jetty.io.Connection} that takes
     * over a tunnel once a 200 answers an extended CONNECT ({@code HttpStream.UPGRADE_CONNECTION_ATTRIBUTE}).
     */
    static final String UPGRADE_CONNECTION_ATTRIBUTE = "org.eclipse.jetty.server.HttpStream.upgradeConnection";

    /**
     * The tunnel of a CONNECT request, or null if it has none: servlet request (unwrapped) {@code .getRequest()}
     * {@code .getTunnelSupport()}, an {@code org.eclipse.jetty.server.Request.TunnelSupport} (HTTP/2 and HTTP/3 only).
     */
    static Object tunnel(ServletRequest request) throws ReflectiveOperationException {
        return call(call(unwrap(request), "getRequest"), "getTunnelSupport");
    }

    /** {@code tunnel.getProtocol()}: the {@code :protocol} pseudo-header of an extended CONNECT, or null. */
    static String tunnelProtocol(Object tunnel) throws ReflectiveOperationException {
        return (String) call(tunnel, "getProtocol");
    }

    /** {@code tunnel.getEndPoint()}: the stream as an {@code org.eclipse.jetty.io.EndPoint}. */
    static Object tunnelEndPoint(Object tunnel) throws ReflectiveOperationException {
        return call(tunnel, "getEndPoint");
    }

    /**
     * {@code Request.addCompletionListener(coreRequest, listener)}: Jetty calls {@code listener} when the exchange
     * completes, with the failure if the response could not be sent (the stream reset meanwhile, say).
     */
    static void onCompletion(ServletRequest request, java.util.function.Consumer<Throwable> listener)
            throws ReflectiveOperationException {
        Object coreRequest = call(unwrap(request), "getRequest");
        Class<?> requestType = Class.forName("org.eclipse.jetty.server.Request", false, coreRequest.getClass().getClassLoader());
        try {
            requestType.getMethod("addCompletionListener", requestType, java.util.function.Consumer.class)
                    .invoke(null, coreRequest, listener);
        } catch (InvocationTargetException e) {
            throw new ReflectiveOperationException("addCompletionListener() threw " + e.getCause(), e.getCause());
        }
    }

    /** {@code connection.getEndPoint()}: the socket's {@code org.eclipse.jetty.io.EndPoint}, which owns the idle timeout. */
    static Object endPoint(Object connection) throws ReflectiveOperationException {
        return call(connection, "getEndPoint");
    }

    static long idleTimeout(Object endPoint) throws ReflectiveOperationException {
        return (Long) call(endPoint, "getIdleTimeout");
    }

    static void setIdleTimeout(Object endPoint, long millis) throws ReflectiveOperationException {
        ContainerReflection.publicMethod(endPoint.getClass(), "setIdleTimeout", long.class).invoke(endPoint, millis);
    }

    /**
     * The content slot of the connection's current HTTP/1.1 stream: {@code HttpConnection._stream} (an
     * {@code AtomicReference<HttpStreamOverHTTP1>}) then {@code HttpStreamOverHTTP1._chunk}. No public method reads
     * it without consuming it, so this is the one place wsgate reads private fields.
     */
    static ChunkSlot chunkSlot(Object connection) throws ReflectiveOperationException {
        Object streamRef = ContainerReflection.field(connection.getClass(), "_stream").get(connection);
        if (!(streamRef instanceof AtomicReference<?> ref)) {
            throw new NoSuchFieldException("HttpConnection._stream is " + typeOf(streamRef) + ", not an AtomicReference");
        }
        Object stream = ref.get();
        if (stream == null) {
            throw new IllegalStateException("no HTTP/1.1 stream on " + connection.getClass().getName());
        }
        Field chunk = ContainerReflection.field(stream.getClass(), "_chunk");
        Object eof = Class.forName("org.eclipse.jetty.io.Content$Chunk", false, connection.getClass().getClassLoader())
                .getField("EOF").get(null);
        return new ChunkSlot(stream, chunk, eof);
    }

    /** {@code HttpStreamOverHTTP1._chunk} of one stream, and Jetty's shared {@code Content.Chunk.EOF} to compare with. */
    record ChunkSlot(Object stream, Field field, Object eof) {

        /** Empties the slot if, and only if, it still holds the EOF chunk; true if it did. */
        boolean clearEof() throws IllegalAccessException {
            // Called before the ReadListener is set, so nothing in Jetty reads or demands on this stream meanwhile.
            if (field.get(stream) != eof) {
                return false;
            }
            field.set(stream, null);
            return true;
        }
    }

    private static ServletRequest unwrap(ServletRequest request) {
        ServletRequest current = request;
        while (current instanceof ServletRequestWrapper wrapper) {
            current = wrapper.getRequest();
        }
        return current;
    }

    private static Object call(Object target, String name) throws ReflectiveOperationException {
        if (target == null) {
            throw new NullPointerException("null target for " + name + "()");
        }
        try {
            return ContainerReflection.publicMethod(target.getClass(), name).invoke(target);
        } catch (InvocationTargetException e) {
            throw new ReflectiveOperationException(name + "() threw " + e.getCause(), e.getCause());
        }
    }

    private static String typeOf(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }
}
