package io.wsgate.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A real {@code redis-server} (Debian's package) on a free port of 127.0.0.1 without persistence; restartable. */
final class RedisProcess implements AutoCloseable {

    private final int port;
    private Process process;

    RedisProcess() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        start();
    }

    URI uri() { return URI.create("redis://127.0.0.1:" + port); }

    void start() throws IOException {
        try {
            process = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("redis-server is needed by this test: install Debian's redis-server package", e);
        }
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Process started = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.contains("Ready to accept connections")) ready.complete(null);
                }
                ready.completeExceptionally(new IOException("redis-server ended before it was ready"));
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

    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) kill();
    }
}
