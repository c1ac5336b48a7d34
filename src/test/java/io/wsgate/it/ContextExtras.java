package io.wsgate.it;

import jakarta.servlet.ServletContainerInitializer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a test context has beyond its setup listener: ServletContainerInitializers to run with the classes a
 * container's scan would hand them ({@code @HandlesTypes} matches), in order, and context init parameters (as
 * web.xml context-params). Embedded contexts do not discover initializers from META-INF/services themselves, so a
 * test that wants wsgate's {@code WsgateInitializer} (or a container's own WebSocket initializer) names it here.
 */
public final class ContextExtras {

    /** One initializer and the classes it is given. */
    public record Initializer(ServletContainerInitializer initializer, Set<Class<?>> classes) {}

    private final List<Initializer> initializers = new ArrayList<>();
    private final Map<String, String> initParameters = new LinkedHashMap<>();
    private boolean sessions;

    public static ContextExtras none() { return new ContextExtras(); }

    public ContextExtras initializer(ServletContainerInitializer initializer, Class<?>... classes) {
        initializers.add(new Initializer(initializer, new LinkedHashSet<>(List.of(classes))));
        return this;
    }

    public ContextExtras initParameter(String name, String value) {
        initParameters.put(name, value);
        return this;
    }

    /** HttpSession support (Jetty's ServletContextHandler has none unless asked; Tomcat's context always has). */
    public ContextExtras sessions() {
        sessions = true;
        return this;
    }

    List<Initializer> initializers() { return initializers; }

    boolean hasSessions() { return sessions; }

    Map<String, String> initParameters() { return initParameters; }
}
