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
    private String webXml;

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

    /**
     * A WEB-INF/web.xml the application's resources hold. The embedded containers do not apply it (the setup
     * listener builds the application); it is there for code that reads it, as wsgate's filter-order check does.
     */
    public ContextExtras webXml(String content) {
        webXml = content;
        return this;
    }

    /** Writes the web.xml, if any, under {@code docBase}. */
    void writeWebXml(java.nio.file.Path docBase) throws java.io.IOException {
        if (webXml == null) return;
        java.nio.file.Files.createDirectories(docBase.resolve("WEB-INF"));
        java.nio.file.Files.writeString(docBase.resolve("WEB-INF/web.xml"), webXml);
    }

    boolean hasWebXml() { return webXml != null; }

    List<Initializer> initializers() { return initializers; }

    boolean hasSessions() { return sessions; }

    Map<String, String> initParameters() { return initParameters; }
}
