package io.wsgate.jakarta.handshake;

import jakarta.websocket.Decoder;
import jakarta.websocket.Encoder;
import jakarta.websocket.Extension;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The endpoint configuration one connection sees: everything from the deployed configuration except the user
 * properties, which are a per-connection shallow copy taken at the handshake (WebSocket 2.2 section 3.1.5).
 * modifyHandshake, the session's user properties and the EndpointConfig passed to onOpen all share that copy.
 */
public final class PerConnectionConfig implements ServerEndpointConfig {

    private final ServerEndpointConfig deployed;
    private final Map<String, Object> userProperties;

    public PerConnectionConfig(ServerEndpointConfig deployed) {
        this.deployed = deployed;
        this.userProperties = copy(deployed.getUserProperties());
    }

    /** A concurrent map cannot hold null values, which an application's map may: those keep a plain map. */
    private static Map<String, Object> copy(Map<String, Object> source) {
        boolean hasNull = false;
        for (Map.Entry<String, Object> e : source.entrySet()) hasNull |= e.getKey() == null || e.getValue() == null;
        if (hasNull) {
            return java.util.Collections.synchronizedMap(new java.util.HashMap<>(source));
        }
        return new ConcurrentHashMap<>(source);
    }

    @Override
    public Class<?> getEndpointClass() { return deployed.getEndpointClass(); }

    @Override
    public String getPath() { return deployed.getPath(); }

    @Override
    public List<String> getSubprotocols() { return deployed.getSubprotocols(); }

    @Override
    public List<Extension> getExtensions() { return deployed.getExtensions(); }

    @Override
    public Configurator getConfigurator() { return deployed.getConfigurator(); }

    @Override
    public List<Class<? extends Encoder>> getEncoders() { return deployed.getEncoders(); }

    @Override
    public List<Class<? extends Decoder>> getDecoders() { return deployed.getDecoders(); }

    @Override
    public Map<String, Object> getUserProperties() { return userProperties; }
}
