package io.wsgate.bench.server;

import jakarta.servlet.ServletContainerInitializer;

import java.util.List;

/** Starts one embedded container on 127.0.0.1 with the given initializers; loaded by name so only its jars are needed. */
public interface ServerLauncher {

    /** Starts the server; returns once it accepts connections. */
    void start(int port, List<ServletContainerInitializer> initializers) throws Exception;

    /** Human-readable container name and version, for the log. */
    String describe();
}
