package io.wsgate.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (Debian's package; CI installs it) on a free port of 127.0.0.1, without persistence,
 * that a test can stop and start again on the same port.
 */
final class RedisServerProcess implements AutoCloseable {

    private final int port;
    private Process process;

    RedisServerProcess() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        start();
    }

    URI uri() { return URI.create("redis://127.0.0.1:" + port); }

    int port() { return port; }

    void start() throws IOException {
        try {
            process = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("redis-server is needed by these tests and was not found: install Debian's "
                    + "redis-server package (apt-get install redis-server)", e);
        }
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Process started = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
                StringBuilder seen = new StringBuilder();
                for (String line; (line = lines.readLine()) != null; ) {
                    if (!ready.isDone()) seen.append(line).append('\n');
                    if (line.contains("Ready to accept connections")) ready.complete(null);
                }
                ready.completeExceptionally(new IOException("redis-server ended before it was ready:\n" + seen));
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
        }, "redis-server-output");
        reader.setDaemon(true);
        reader.start();
        try {
            ready.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("redis-server on port " + port + " did not start", e);
        }
    }

    /** Kills the server (SIGKILL: no goodbye to its clients, as a crash). */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) kill();
    }
}
