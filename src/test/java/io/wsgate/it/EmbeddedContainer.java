package io.wsgate.it;

import jakarta.servlet.ServletContextListener;

/** One embedded servlet container serving a single web application on 127.0.0.1. */
interface EmbeddedContainer {

    /**
     * Starts the container on an ephemeral port with one application at {@code contextPath} whose only
     * configuration is {@code setup}, called from {@code contextInitialized}; returns the port.
     */
    int start(String contextPath, ServletContextListener setup) throws Exception;

    void stop() throws Exception;
}
