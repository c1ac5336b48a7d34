package io.wsgate.it;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The servlet containers the integration tests run on. One test class path holds one Tomcat and one Jetty release
 * (Tomcat 10.1 and 11 share package names, and so do Jetty 12.0 and 12.1), so a kind whose container is not the one on
 * the class path is skipped, and so is a kind left out of the system property {@code wsgate.it.kinds} (a
 * comma-separated list of kind names; unset: every kind on the class path). The default test execution has Tomcat 11
 * and Jetty 12.1; the pom's {@code tomcat-10.1} and {@code jetty-12.0} executions swap in the older releases.
 */
public enum ContainerKind {
    TOMCAT,
    JETTY_EE11,
    JETTY_EE10,
    /** Tomcat 10.1 (Servlet 6.0): the same embedding as {@link #TOMCAT}, with tomcat-embed-core 10.1 on the class path. */
    TOMCAT_10_1,
    /** Jetty 12.0 ee10: the same embedding as {@link #JETTY_EE10}, with Jetty 12.0 on the class path. */
    JETTY_12_0_EE10,
    /** Undertow 2.3 (WildFly's servlet engine): only where -Dwsgate.it.kinds names it (the pom's undertow execution). */
    UNDERTOW;

    static final String KINDS_PROPERTY = "wsgate.it.kinds";

    EmbeddedContainer create() {
        return switch (this) {
            case TOMCAT, TOMCAT_10_1 -> new TomcatContainer();
            case JETTY_EE11 -> new JettyEe11Container();
            case JETTY_EE10, JETTY_12_0_EE10 -> new JettyEe10Container();
            case UNDERTOW -> undertow();
        };
    }

    /** Compiled only with -Pundertow (Undertow is not on the default class path), so reached by name. */
    private static EmbeddedContainer undertow() {
        try {
            return (EmbeddedContainer) Class.forName("io.wsgate.it.UndertowContainer").getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("UndertowContainer is compiled only with mvn -Pundertow", e);
        }
    }

    public boolean isTomcat() {
        return this == TOMCAT || this == TOMCAT_10_1;
    }

    /** Skips the calling test where this kind cannot run (see {@link #unavailable()}). */
    public void assumeAvailable() {
        String why = unavailable();
        org.junit.jupiter.api.Assumptions.assumeTrue(why == null, why);
    }

    /** Why this kind cannot run here (its container release is not on the class path, or it is not selected), or null. */
    String unavailable() {
        String selected = System.getProperty(KINDS_PROPERTY, "").trim();
        if (!selected.isEmpty()) {
            Set<String> names = Arrays.stream(selected.split(",")).map(String::trim).collect(Collectors.toSet());
            if (!names.contains(name())) return this + " is not in -D" + KINDS_PROPERTY + "=" + selected;
        }
        if (this == UNDERTOW) {
            return selected.isEmpty() ? this + " runs only where -D" + KINDS_PROPERTY + " names it" : null;
        }
        String release = isTomcat() ? ContainerReleases.tomcat() : ContainerReleases.jetty();
        String wanted = switch (this) {
            case TOMCAT -> "11.";
            case TOMCAT_10_1 -> "10.1.";
            case JETTY_EE11, JETTY_EE10 -> "12.1.";
            case JETTY_12_0_EE10 -> "12.0.";
            case UNDERTOW -> throw new AssertionError();
        };
        return release.startsWith(wanted) ? null
                : this + " needs release " + wanted + "x on the class path, which has " + release;
    }
}
