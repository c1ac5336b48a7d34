package io.wsgate.jakarta.deploy;

import io.wsgate.jakarta.WsgateDefaultConfigurator;
import io.wsgate.jakarta.coder.CoderSpec;
import io.wsgate.jakarta.session.EndpointCallbacks;
import io.wsgate.jakarta.session.WsgateSession;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerEndpointConfig;

import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A validated endpoint configuration: its path, its configurator, its encoders and decoders, its annotated shape
 * (null for a programmatic {@link Endpoint}), and the sessions open on it.
 */
public final class DeployedEndpoint {

    private final ServerEndpointConfig config;
    private final UriTemplate path;
    private final ServerEndpointConfig.Configurator configurator;
    private final AnnotatedEndpointModel annotated;
    private final List<CoderSpec> decoders;
    private final List<CoderSpec> encoders;
    private final boolean decidesOrigin;
    private final Set<WsgateSession> openSessions = ConcurrentHashMap.newKeySet();

    private DeployedEndpoint(ServerEndpointConfig config, UriTemplate path, ServerEndpointConfig.Configurator configurator,
                             AnnotatedEndpointModel annotated, List<CoderSpec> decoders, List<CoderSpec> encoders) {
        this.config = config;
        this.path = path;
        this.configurator = configurator;
        this.annotated = annotated;
        this.decoders = decoders;
        this.encoders = encoders;
        this.decidesOrigin = overrides(configurator, "checkOrigin", String.class);
    }

    public static DeployedEndpoint of(ServerEndpointConfig config) throws DeploymentException {
        if (config == null) throw new DeploymentException("the ServerEndpointConfig is null");
        Class<?> type = config.getEndpointClass();
        if (type == null) throw new DeploymentException("ServerEndpointConfig for '" + config.getPath() + "' has no endpoint class");
        String owner = type.getName();
        UriTemplate path;
        try {
            path = UriTemplate.parse(config.getPath());
        } catch (DeploymentException e) {
            throw new DeploymentException(owner + ": " + e.getMessage());
        }
        ServerEndpointConfig.Configurator configurator = config.getConfigurator();
        if (configurator == null) configurator = new WsgateDefaultConfigurator();
        List<CoderSpec> decoders = CoderSpec.decoders(orEmpty(config.getDecoders()), owner);
        List<CoderSpec> encoders = CoderSpec.encoders(orEmpty(config.getEncoders()), owner);
        boolean customInstances = overrides(configurator, "getEndpointInstance", Class.class);
        AnnotatedEndpointModel annotated = null;
        if (Endpoint.class.isAssignableFrom(type)) {
            if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers())) {
                throw new DeploymentException("programmatic endpoint " + owner + " must be a public concrete class");
            }
        } else if (type.isAnnotationPresent(jakarta.websocket.server.ServerEndpoint.class)
                || AnnotatedEndpointModel.hasCallbackAnnotations(type)) {
            annotated = AnnotatedEndpointModel.analyse(type, decoders, encoders);
        } else {
            throw new DeploymentException(owner + " is neither a subclass of jakarta.websocket.Endpoint nor an annotated endpoint");
        }
        if (!customInstances) {
            try {
                if (!Modifier.isPublic(type.getConstructor().getModifiers())) throw new NoSuchMethodException();
            } catch (NoSuchMethodException e) {
                throw new DeploymentException("endpoint " + owner + " must have a public no-argument constructor"
                        + " (or a configurator that overrides getEndpointInstance)");
            }
        }
        return new DeployedEndpoint(config, path, configurator, annotated, decoders, encoders);
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    /** Whether the configurator's class (not Configurator or wsgate's default) declares the method. */
    static boolean overrides(ServerEndpointConfig.Configurator configurator, String name, Class<?>... parameters) {
        try {
            Class<?> declaring = configurator.getClass().getMethod(name, parameters).getDeclaringClass();
            return declaring != ServerEndpointConfig.Configurator.class && declaring != WsgateDefaultConfigurator.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    public ServerEndpointConfig config() { return config; }
    public UriTemplate path() { return path; }
    public ServerEndpointConfig.Configurator configurator() { return configurator; }
    public AnnotatedEndpointModel annotated() { return annotated; }
    public List<CoderSpec> decoders() { return decoders; }
    public List<CoderSpec> encoders() { return encoders; }
    public boolean decidesOrigin() { return decidesOrigin; }
    public Set<WsgateSession> openSessions() { return openSessions; }

    /** The lifecycle calls for one endpoint instance. */
    public EndpointCallbacks callbacks(Object instance, Map<String, String> pathParameters) {
        if (annotated != null) return new AnnotatedCallbacks(annotated, instance, pathParameters);
        return new ProgrammaticCallbacks((Endpoint) instance);
    }

    @Override
    public String toString() {
        return config.getEndpointClass().getName() + " at '" + config.getPath() + "'";
    }
}
