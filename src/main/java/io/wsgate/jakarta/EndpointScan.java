package io.wsgate.jakarta;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides what a web application's classes deploy (WebSocket 2.2 section 6.2): without a ServerApplicationConfig,
 * every annotated endpoint and no programmatic one; with some, the union of what they return. Classes that cannot
 * be endpoints (non-public, abstract, wsgate's own) are left out, as section 4.8 asks of scanning.
 *
 * <p>Every ServerApplicationConfig is given all the scanned classes of the application rather than only those of
 * its own archive, as Tomcat and Jetty do: the archive of a class is not reliably known from within the container.
 */
final class EndpointScan {

    /** What to deploy: annotated classes and programmatic configurations, and the configs that chose them. */
    record Selection(List<Class<?>> annotated, List<ServerEndpointConfig> programmatic,
                     List<Class<? extends ServerApplicationConfig>> applicationConfigs) {}

    private EndpointScan() {}

    @SuppressWarnings("unchecked")
    static Selection select(Set<Class<?>> classes, WsgateServerContainer alreadyApplied) throws DeploymentException {
        Comparator<Class<?>> byName = Comparator.comparing(Class::getName);
        Set<Class<?>> annotated = new TreeSet<>(byName);
        List<Class<?>> endpointCandidates = new ArrayList<>();
        List<Class<? extends ServerApplicationConfig>> configs = new ArrayList<>();
        if (classes != null) {
            for (Class<?> c : classes) {
                try {
                    boolean isConfig = ServerApplicationConfig.class.isAssignableFrom(c);
                    boolean isAnnotated = c.isAnnotationPresent(ServerEndpoint.class);
                    if (Endpoint.class.isAssignableFrom(c)) endpointCandidates.add(c);
                    if (!(isConfig || isAnnotated) || !deployable(c)) continue;
                    if (isAnnotated) annotated.add(c);
                    if (isConfig) configs.add((Class<? extends ServerApplicationConfig>) c);
                } catch (LinkageError | RuntimeException e) {
                    ScanSkip.report(c, e);
                }
            }
        }
        configs.sort(byName);
        if (configs.isEmpty()) return new Selection(List.copyOf(annotated), List.of(), List.of());

        // Programmatic endpoints are only inspected now that a ServerApplicationConfig may choose them.
        Set<Class<? extends Endpoint>> endpoints = new TreeSet<>(byName);
        for (Class<?> c : endpointCandidates) {
            try {
                if (deployable(c)) endpoints.add((Class<? extends Endpoint>) c);
            } catch (LinkageError | RuntimeException e) {
                ScanSkip.report(c, e);
            }
        }
        Set<Class<?>> chosenAnnotated = new LinkedHashSet<>();
        Set<ServerEndpointConfig> chosenConfigs = new LinkedHashSet<>();
        List<Class<? extends ServerApplicationConfig>> applied = new ArrayList<>();
        for (Class<? extends ServerApplicationConfig> type : configs) {
            if (alreadyApplied != null && !alreadyApplied.markApplied(type)) continue;
            ServerApplicationConfig config;
            try {
                config = type.getConstructor().newInstance();
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new DeploymentException("ServerApplicationConfig " + type.getName()
                        + " cannot be created through a public no-argument constructor: " + e, e);
            }
            Set<ServerEndpointConfig> programmatic = config.getEndpointConfigs(new LinkedHashSet<>(endpoints));
            Set<Class<?>> classesToDeploy = config.getAnnotatedEndpointClasses(new LinkedHashSet<>(annotated));
            if (programmatic != null) chosenConfigs.addAll(programmatic);
            if (classesToDeploy != null) chosenAnnotated.addAll(classesToDeploy);
            applied.add(type);
        }
        return new Selection(List.copyOf(chosenAnnotated), List.copyOf(chosenConfigs), applied);
    }

    /**
     * Whether a scanned class can be an endpoint or configuration at all. The enclosing class is resolved only for
     * a public class not marked static (a top-level class, or an inner class that cannot be instantiated): resolving
     * it is what fails for a nested class whose enclosing class is missing or a different copy.
     */
    static boolean deployable(Class<?> c) {
        int modifiers = c.getModifiers();
        return Modifier.isPublic(modifiers) && !Modifier.isAbstract(modifiers) && !c.isInterface()
                && !c.isAnnotation() && !isWsgates(c)
                && (Modifier.isStatic(modifiers) || c.getEnclosingClass() == null);
    }

    /**
     * wsgate's own packages, whose classes are never the application's endpoints. Listed rather than matched by
     * prefix so that other packages under this name (wsgate's own test fixtures) still scan.
     */
    private static final Set<String> WSGATE_PACKAGES = Set.of("io.wsgate.jakarta", "io.wsgate.jakarta.coder",
            "io.wsgate.jakarta.deploy", "io.wsgate.jakarta.handshake", "io.wsgate.jakarta.remote",
            "io.wsgate.jakarta.session", "io.wsgate.jakarta.client");

    private static boolean isWsgates(Class<?> c) {
        return WSGATE_PACKAGES.contains(c.getPackageName());
    }

    /** Deploys a selection into the container, annotated endpoints after programmatic ones. */
    static void deploy(Selection selection, WsgateServerContainer container) throws DeploymentException {
        for (ServerEndpointConfig config : selection.programmatic()) {
            try {
                container.addEndpoint(config);
            } catch (LinkageError e) {
                ScanSkip.report(config.getEndpointClass(), e);
            }
        }
        for (Class<?> type : selection.annotated()) {
            try {
                container.addEndpoint(type);
            } catch (LinkageError e) {
                ScanSkip.report(type, e);     // its methods name a class the application lacks
            }
        }
    }
}
