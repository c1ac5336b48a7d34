package io.wsgate.it;

import jakarta.servlet.ServletContext;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One server per container kind for a test class, started on first use and kept for the class's other tests
 * (with {@code @TestInstance(PER_CLASS)} and {@link #close()} in {@code @AfterAll}): starting a container costs
 * far more than most tests.
 */
public final class ServerPerKind implements AutoCloseable {

    private final ContextExtras extras;
    private final Consumer<ServletContext> setup;
    private final Map<ContainerKind, TestServer> servers = new EnumMap<>(ContainerKind.class);

    public ServerPerKind(Consumer<ServletContext> setup) {
        this(ContextExtras.none(), setup);
    }

    public ServerPerKind(ContextExtras extras, Consumer<ServletContext> setup) {
        this.extras = extras;
        this.setup = setup;
    }

    public synchronized TestServer get(ContainerKind kind) {
        return servers.computeIfAbsent(kind, k -> TestServer.start(k, extras, setup));
    }

    @Override
    public synchronized void close() throws Exception {
        Exception failure = null;
        for (TestServer server : servers.values()) {
            try {
                server.close();
            } catch (Exception e) {
                if (failure == null) failure = e; else failure.addSuppressed(e);
            }
        }
        servers.clear();
        if (failure != null) throw failure;
    }
}
