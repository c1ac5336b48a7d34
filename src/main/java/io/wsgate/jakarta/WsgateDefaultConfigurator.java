package io.wsgate.jakarta;

import jakarta.websocket.Extension;
import jakarta.websocket.server.ServerEndpointConfig;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * wsgate's platform default configurator, found through
 * {@code META-INF/services/jakarta.websocket.server.ServerEndpointConfig$Configurator}.
 *
 * <p>The Origin check needs the request, which the Configurator API does not pass: during a handshake the
 * verdict of wsgate's own check (same-origin or the configured allow-list) is made available to this class, so
 * an application configurator that calls {@code super.checkOrigin(origin)} gets wsgate's answer.
 */
public class WsgateDefaultConfigurator extends ServerEndpointConfig.Configurator {

    private static final ThreadLocal<Boolean> ORIGIN_VERDICT = new ThreadLocal<>();

    public WsgateDefaultConfigurator() {}

    /** Runs {@code check} with wsgate's origin verdict visible to {@link #checkOrigin}. */
    static boolean withOriginVerdict(boolean verdict, java.util.function.BooleanSupplier check) {
        Boolean previous = ORIGIN_VERDICT.get();
        ORIGIN_VERDICT.set(verdict);
        try {
            return check.getAsBoolean();
        } finally {
            if (previous == null) ORIGIN_VERDICT.remove();
            else ORIGIN_VERDICT.set(previous);
        }
    }

    @Override
    public ServerEndpointConfig.Configurator getContainerDefaultConfigurator() {
        return this;
    }

    /** The first subprotocol in the client's list that the endpoint supports, or "" for none. */
    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        if (supported == null || requested == null) return "";
        for (String protocol : requested) {
            if (supported.contains(protocol)) return protocol;
        }
        return "";
    }

    /** The requested extensions that are installed, in the client's order. */
    @Override
    public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
        List<Extension> negotiated = new ArrayList<>();
        if (installed == null || requested == null) return negotiated;
        Set<String> names = new HashSet<>();
        installed.forEach(e -> names.add(e.getName()));
        for (Extension e : requested) {
            if (names.contains(e.getName())) negotiated.add(e);
        }
        return negotiated;
    }

    /**
     * wsgate's verdict during a handshake; outside a handshake there is no request to judge, and the answer
     * (true) is not used by wsgate.
     */
    @Override
    public boolean checkOrigin(String originHeaderValue) {
        Boolean verdict = ORIGIN_VERDICT.get();
        return verdict == null || verdict;
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig sec, jakarta.websocket.server.HandshakeRequest request,
                                jakarta.websocket.HandshakeResponse response) {
        // The default makes no modification (WebSocket 2.2 section 3.1.5).
    }

    /** A new instance per connection through the public no-argument constructor. */
    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        try {
            return endpointClass.getConstructor().newInstance();
        } catch (InvocationTargetException e) {
            InstantiationException failure = new InstantiationException(
                    "constructor of " + endpointClass.getName() + " failed: " + e.getCause());
            failure.initCause(e.getCause());
            throw failure;
        } catch (ReflectiveOperationException | RuntimeException e) {
            InstantiationException failure = new InstantiationException(
                    "cannot create " + endpointClass.getName() + " through a public no-argument constructor: " + e);
            failure.initCause(e);
            throw failure;
        }
    }
}
