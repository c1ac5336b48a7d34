package io.wsgate.bench.server;

import jakarta.servlet.ServletContainerInitializer;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds the ServletContainerInitializers on this JVM's classpath, as a container would in a WAR's WEB-INF/lib, and
 * refuses to go on unless exactly the variant's WebSocket implementation is among them. A benchmark that silently
 * measured the wrong implementation would be worse than none.
 */
final class InitializerCheck {

    static final String WSGATE = "io.wsgate.jakarta.WsgateInitializer";
    static final String TOMCAT = "org.apache.tomcat.websocket.server.WsSci";
    static final String JETTY = "org.eclipse.jetty.ee11.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer";
    private static final Set<String> WEBSOCKET_IMPLEMENTATIONS = Set.of(WSGATE, TOMCAT, JETTY);

    private InitializerCheck() {
    }

    /** The initializers to install for {@code variant}; throws with a message for the operator if they are wrong. */
    static List<ServletContainerInitializer> forVariant(String variant) {
        List<ServletContainerInitializer> found = new ArrayList<>();
        List<String> broken = new ArrayList<>();
        for (ServiceLoader.Provider<ServletContainerInitializer> provider
                : ServiceLoader.load(ServletContainerInitializer.class).stream().toList()) {
            try {
                found.add(provider.get());
            } catch (ServiceConfigurationError | LinkageError e) {
                broken.add(provider.type().getName() + ": " + e);
            }
        }
        if (!broken.isEmpty()) {
            throw new IllegalStateException("Broken ServletContainerInitializer(s) on the classpath: " + broken);
        }
        Set<String> names = found.stream().map(i -> i.getClass().getName()).collect(Collectors.toSet());
        String wanted = variant.endsWith("-wsgate") ? WSGATE : variant.startsWith("tomcat") ? TOMCAT : JETTY;
        if (!names.contains(wanted)) {
            throw new IllegalStateException(wanted.equals(WSGATE) ? missingWsgate() :
                    "Variant " + variant + " needs " + wanted + " but the classpath has only " + names);
        }
        List<String> intruders = names.stream()
                .filter(n -> WEBSOCKET_IMPLEMENTATIONS.contains(n) && !n.equals(wanted)).toList();
        if (!intruders.isEmpty()) {
            throw new IllegalStateException("Variant " + variant + " must run " + wanted
                    + " alone, but the classpath also has " + intruders);
        }
        return found;
    }

    private static String missingWsgate() {
        List<String> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = new File(entry).getName();
            if (name.startsWith("wsgate-") && name.endsWith(".jar")) {
                jars.add(entry);
            }
        }
        boolean classThere;
        try {
            Class.forName(WSGATE, false, InitializerCheck.class.getClassLoader());
            classThere = true;
        } catch (ClassNotFoundException | LinkageError e) {
            classThere = false;
        }
        return "The wsgate jar " + (jars.isEmpty() ? "(none found on the classpath!)" : jars) + " does not provide "
                + WSGATE + " as a jakarta.servlet.ServletContainerInitializer ("
                + (classThere ? "the class is there but META-INF/services does not list it"
                              : "the class is missing: the jar predates wsgate's Jakarta layer")
                + "). Rebuild and install wsgate first: `mvn -q install -Dmaven.test.skip=true` at the repository root "
                + "(or `bench/run --install-wsgate ...`).";
    }
}
