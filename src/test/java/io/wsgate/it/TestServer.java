package io.wsgate.it;

import jakarta.servlet.ServletContext;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A running embedded container on 127.0.0.1 with one web application at {@link #CONTEXT_PATH}, configured by a
 * {@code Consumer<ServletContext>} that runs in a ServletContextListener's {@code contextInitialized}. The context
 * path is not the root one so that path handling mistakes show up.
 */
public final class TestServer implements AutoCloseable {

    public static final String CONTEXT_PATH = "/app";

    private final ContainerKind kind;
    private final EmbeddedContainer container;
    private final int port;

    private TestServer(ContainerKind kind, EmbeddedContainer container, int port) {
        this.kind = kind;
        this.container = container;
        this.port = port;
    }

    public static TestServer start(ContainerKind kind, Consumer<ServletContext> setup) {
        return start(kind, ContextExtras.none(), setup);
    }

    /** Starts a context that also runs {@code extras}' initializers (wsgate's WsgateInitializer, say). */
    public static TestServer start(ContainerKind kind, ContextExtras extras, Consumer<ServletContext> setup) {
        // A kind whose container release is not on this execution's class path is skipped, not failed.
        kind.assumeAvailable();
        EmbeddedContainer container = kind.create();
        try {
            int port = container.start(CONTEXT_PATH, new SetupListener(setup), extras);
            return new TestServer(kind, container, port);
        } catch (Exception e) {
            try {
                container.stop();
            } catch (Exception stopFailure) {
                e.addSuppressed(stopFailure);
            }
            throw new IllegalStateException("could not start " + kind, e);
        }
    }

    public ContainerKind kind() { return kind; }

    public int port() { return port; }

    /** The value a browser would send as Host and, for a same-origin page, as Origin without the scheme. */
    public String authority() { return "127.0.0.1:" + port; }

    /** http URI of {@code path} within the application ("/echo" becomes http://127.0.0.1:PORT/app/echo). */
    public URI httpUri(String path) { return URI.create("http://" + authority() + CONTEXT_PATH + path); }

    /** ws URI of {@code path} within the application. */
    public URI wsUri(String path) { return URI.create("ws://" + authority() + CONTEXT_PATH + path); }

    /** The request target of {@code path} within the application, as sent on the request line. */
    public String target(String path) { return CONTEXT_PATH + path; }

    /** Stops the application (filter destroy, contextDestroyed) while the server keeps running, as an undeploy does. */
    public void stopApplication() throws Exception {
        container.stopApplication();
    }

    /** {@link #stopApplication()} on another thread, so the test can answer the clients' close frames meanwhile. */
    public CompletableFuture<Void> stopApplicationInBackground() {
        return CompletableFuture.runAsync(() -> {
            try {
                stopApplication();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Starts the stopped application again. */
    public void startApplication() throws Exception {
        container.startApplication();
    }

    @Override
    public void close() throws Exception {
        container.stop();
    }

    @Override
    public String toString() { return kind + " on " + authority(); }
}
