package io.wsgate.jakarta.deploy;

import io.wsgate.jakarta.WsgateDefaultConfigurator;
import jakarta.websocket.Decoder;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Encoder;
import jakarta.websocket.Extension;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;

import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The configuration an {@code @ServerEndpoint} annotation describes, with one configurator per logical endpoint. */
public final class AnnotatedServerEndpointConfig implements ServerEndpointConfig {

    private final Class<?> endpointClass;
    private final ServerEndpoint annotation;
    private final Configurator configurator;
    private final Map<String, Object> userProperties = new ConcurrentHashMap<>();

    private AnnotatedServerEndpointConfig(Class<?> endpointClass, ServerEndpoint annotation, Configurator configurator) {
        this.endpointClass = endpointClass;
        this.annotation = annotation;
        this.configurator = configurator;
    }

    public static AnnotatedServerEndpointConfig of(Class<?> endpointClass) throws DeploymentException {
        ServerEndpoint annotation = endpointClass.getAnnotation(ServerEndpoint.class);
        if (annotation == null) {
            throw new DeploymentException(endpointClass.getName() + " is not annotated with @ServerEndpoint");
        }
        Class<? extends Configurator> type = annotation.configurator();
        Configurator configurator;
        if (type == Configurator.class || type == WsgateDefaultConfigurator.class) {
            configurator = new WsgateDefaultConfigurator();
        } else {
            try {
                if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers())) {
                    throw new ReflectiveOperationException("not a public concrete class");
                }
                configurator = type.getConstructor().newInstance();
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new DeploymentException(endpointClass.getName() + ": configurator " + type.getName()
                        + " cannot be instantiated through a public no-argument constructor (" + e + ")", e);
            }
        }
        return new AnnotatedServerEndpointConfig(endpointClass, annotation, configurator);
    }

    @Override
    public Class<?> getEndpointClass() { return endpointClass; }

    @Override
    public String getPath() { return annotation.value(); }

    @Override
    public List<String> getSubprotocols() { return List.of(annotation.subprotocols()); }

    @Override
    public List<Extension> getExtensions() { return List.of(); }

    @Override
    public Configurator getConfigurator() { return configurator; }

    @Override
    public List<Class<? extends Encoder>> getEncoders() { return List.of(annotation.encoders()); }

    @Override
    public List<Class<? extends Decoder>> getDecoders() { return List.of(annotation.decoders()); }

    @Override
    public Map<String, Object> getUserProperties() { return userProperties; }

    @Override
    public String toString() {
        return "@ServerEndpoint(\"" + annotation.value() + "\") " + endpointClass.getName();
    }
}
