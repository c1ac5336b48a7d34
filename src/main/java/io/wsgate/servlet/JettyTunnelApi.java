package io.wsgate.servlet;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * The few members of Jetty 12.1's {@code org.eclipse.jetty.io.EndPoint}, {@code org.eclipse.jetty.util.Callback} and
 * {@code org.eclipse.jetty.io.Connection} that an HTTP/2 tunnel ({@link TunnelTransport}) uses, looked up once per
 * Jetty class loader as method handles: the webapp class loader hides {@code org.eclipse.jetty.*}, so the types come
 * from the class loader of the tunnel's own EndPoint, and wsgate compiles against none of them. Only public members of
 * public interfaces are used. Per web application ({@link ContainerQuirks} keeps it): nothing here is stored in
 * Jetty's classes, so a redeployed application leaves no reference to its class loader behind.
 */
final class JettyTunnelApi {

    private final ClassLoader jetty;
    private final Class<?> connectionType;
    private final MethodHandle fill;
    private final MethodHandle fillInterested;
    private final MethodHandle write;
    private final MethodHandle setIdleTimeout;
    private final MethodHandle idleTimeout;
    private final MethodHandle shutdownOutput;
    private final MethodHandle close;
    private final MethodHandle callback;

    private JettyTunnelApi(ClassLoader jetty) throws ReflectiveOperationException {
        this.jetty = jetty;
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        Class<?> endPoint = Class.forName("org.eclipse.jetty.io.EndPoint", false, jetty);
        Class<?> callbackType = Class.forName("org.eclipse.jetty.util.Callback", false, jetty);
        connectionType = Class.forName("org.eclipse.jetty.io.Connection", false, jetty);
        fill = lookup.findVirtual(endPoint, "fill", MethodType.methodType(int.class, ByteBuffer.class))
                .asType(MethodType.methodType(int.class, Object.class, ByteBuffer.class));
        fillInterested = lookup.findVirtual(endPoint, "fillInterested", MethodType.methodType(void.class, callbackType))
                .asType(MethodType.methodType(void.class, Object.class, Object.class));
        write = lookup.findVirtual(endPoint, "write", MethodType.methodType(void.class, callbackType, ByteBuffer[].class))
                .asType(MethodType.methodType(void.class, Object.class, Object.class, ByteBuffer[].class));
        setIdleTimeout = lookup.findVirtual(endPoint, "setIdleTimeout", MethodType.methodType(void.class, long.class))
                .asType(MethodType.methodType(void.class, Object.class, long.class));
        idleTimeout = lookup.findVirtual(endPoint, "getIdleTimeout", MethodType.methodType(long.class))
                .asType(MethodType.methodType(long.class, Object.class));
        shutdownOutput = lookup.findVirtual(endPoint, "shutdownOutput", MethodType.methodType(void.class))
                .asType(MethodType.methodType(void.class, Object.class));
        close = lookup.findVirtual(endPoint, "close", MethodType.methodType(void.class, Throwable.class))
                .asType(MethodType.methodType(void.class, Object.class, Throwable.class));
        // Callback.from(Runnable, Consumer<Throwable>): a Callback made of JDK types, so no proxy is needed for it.
        // Its invocation type is BLOCKING, which is right: the callbacks run application code.
        callback = lookup.findStatic(callbackType, "from", MethodType.methodType(callbackType, Runnable.class, Consumer.class))
                .asType(MethodType.methodType(Object.class, Runnable.class, Consumer.class));
    }

    /** The API of the Jetty that made {@code endPoint}. */
    static JettyTunnelApi of(Object endPoint) throws ReflectiveOperationException {
        return new JettyTunnelApi(endPoint.getClass().getClassLoader());
    }

    /** Whether {@code endPoint} comes from the Jetty this API was looked up in. */
    boolean serves(Object endPoint) {
        return endPoint.getClass().getClassLoader() == jetty;
    }

    /** {@code Callback.from(success, failure)}. */
    Object callback(Runnable success, Consumer<Throwable> failure) {
        try {
            return callback.invokeExact(success, failure);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** An {@code org.eclipse.jetty.io.Connection} whose every call goes to {@code handler}. */
    Object connection(InvocationHandler handler) {
        return Proxy.newProxyInstance(jetty, new Class<?>[] {connectionType}, handler);
    }

    int fill(Object endPoint, ByteBuffer buffer) throws java.io.IOException {
        try {
            return (int) fill.invokeExact(endPoint, buffer);
        } catch (java.io.IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new java.io.IOException(t);
        }
    }

    void fillInterested(Object endPoint, Object callback) {
        try {
            fillInterested.invokeExact(endPoint, callback);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    void write(Object endPoint, Object callback, ByteBuffer buffer) {
        try {
            write.invokeExact(endPoint, callback, new ByteBuffer[] {buffer});
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    long idleTimeout(Object endPoint) {
        try {
            return (long) idleTimeout.invokeExact(endPoint);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    void setIdleTimeout(Object endPoint, long millis) {
        try {
            setIdleTimeout.invokeExact(endPoint, millis);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    void shutdownOutput(Object endPoint) {
        try {
            shutdownOutput.invokeExact(endPoint);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    void close(Object endPoint, Throwable cause) {
        try {
            close.invokeExact(endPoint, cause);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
