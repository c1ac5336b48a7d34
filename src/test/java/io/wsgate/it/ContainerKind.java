package io.wsgate.it;

/** The servlet containers every integration test runs on. */
public enum ContainerKind {
    TOMCAT,
    JETTY_EE11,
    JETTY_EE10;

    EmbeddedContainer create() {
        return switch (this) {
            case TOMCAT -> new TomcatContainer();
            case JETTY_EE11 -> new JettyEe11Container();
            case JETTY_EE10 -> new JettyEe10Container();
        };
    }
}
