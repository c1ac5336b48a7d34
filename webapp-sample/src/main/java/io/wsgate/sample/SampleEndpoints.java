package io.wsgate.sample;

import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.Set;

/**
 * Names the application's endpoints explicitly. Where the container scans (Tomcat, Jetty with annotations), wsgate's
 * initializer finds this class and applies it; where it does not (a Jetty base without the ee11-annotations
 * module), web.xml's {@code io.wsgate.endpoints} context parameter names it for {@code io.wsgate.jakarta.WsgateListener}.
 * wsgate applies one configuration class only once, so having both paths in web.xml is safe.
 */
public final class SampleEndpoints implements ServerApplicationConfig {

    @Override
    public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
        return Set.of();
    }

    @Override
    public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
        return Set.of(ChatEndpoint.class, NotificationsEndpoint.class, EchoEndpoint.class);
    }
}
