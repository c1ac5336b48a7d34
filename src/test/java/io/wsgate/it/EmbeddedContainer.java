package io.wsgate.it;

import jakarta.servlet.ServletContextListener;

/** One embedded servlet container serving a single web application on 127.0.0.1. */
interface EmbeddedContainer {

    /**
     * Starts the container on an ephemeral port with one application at {@code contextPath} whose only
     * configuration is {@code setup}, called from {@code contextInitialized}, after the {@code extras}' initializers;
     * returns the port. A failed application start throws, with the failure's message in the exception chain.
     */
    int start(String contextPath, ServletContextListener setup, ContextExtras extras) throws Exception;

    /** Stops the web application alone (as an undeploy does); the server and its connector keep running. */
    void stopApplication() throws Exception;

    /** Starts the stopped application again (a redeploy without a new class loader). */
    void startApplication() throws Exception;

    void stop() throws Exception;
}
