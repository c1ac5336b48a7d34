package io.wsgate.servlet;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;

/**
 * The {@code org.eclipse.jetty.io.Connection} wsgate hands Jetty for an RFC 8441 tunnel, as a
 * {@link java.lang.reflect.Proxy} (see {@link JettyTunnelApi#connection}): Jetty calls {@code onOpen} once the 200
 * response is sent and {@code onClose} when the tunnel's EndPoint closes; both go to the {@link TunnelTransport}. The
 * rest of the interface is bookkeeping Jetty may ask for. Idle expiry is refused: wsgate lifts the tunnel's idle
 * timeout and applies its own ({@code idleTimeout}, {@code pingInterval}).
 */
final class TunnelConnectionHandler implements InvocationHandler {

    private static final System.Logger LOG = System.getLogger(TunnelConnectionHandler.class.getName());

    private final TunnelTransport transport;
    private final long created = System.currentTimeMillis();

    TunnelConnectionHandler(TunnelTransport transport) {
        this.transport = transport;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "onOpen":
                transport.opened();
                return null;
            case "onClose":
                transport.jettyClosed(args == null ? null : (Throwable) args[0]);
                return null;
            case "close":
                transport.closeFromJetty();
                return null;
            case "getEndPoint":
                return transport.endPoint();
            case "onIdleExpired":
                LOG.log(System.Logger.Level.DEBUG, "wsgate: ignoring Jetty's idle expiry of an HTTP/2 WebSocket tunnel");
                return Boolean.FALSE;
            case "addEventListener":
            case "removeEventListener":
                return null;
            case "getMessagesIn":
            case "getMessagesOut":
            case "getBytesIn":
            case "getBytesOut":
                return -1L; // not counted
            case "getCreatedTimeStamp":
                return created;
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return proxy == args[0];
            case "toString":
                return "wsgate WebSocket over HTTP/2@" + Integer.toHexString(System.identityHashCode(proxy));
            default:
                if (method.isDefault()) return InvocationHandler.invokeDefault(proxy, method, args);
                throw new UnsupportedOperationException("wsgate's HTTP/2 tunnel connection does not implement " + method);
        }
    }
}
