package io.wsgate.bench.runner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One server variant in its own JVM ({@code io.wsgate.bench.server.ServerMain}), its output copied to a log file.
 * Start waits for the READY line; a FAILED line or an early exit becomes an exception carrying the server's reason.
 */
final class ServerProcess implements AutoCloseable {

    static final String READY = "WSGATE-BENCH READY";
    static final String FAILED = "WSGATE-BENCH FAILED";

    private final Process process;
    private final int port;
    private final String banner;

    private ServerProcess(Process process, int port, String banner) {
        this.process = process;
        this.port = port;
        this.banner = banner;
    }

    static ServerProcess start(String java, List<String> jvmArgs, String classpath, String variant, Path log)
            throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classpath);
        command.add("io.wsgate.bench.server.ServerMain");
        command.add(variant);
        command.add(Integer.toString(port));
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> outcome = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(process, log, command, outcome), "server-log-" + variant);
        pump.setDaemon(true);
        pump.start();
        String line;
        try {
            line = outcome.get(90, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new StartFailure(variant + " did not start within 90 s; see " + log);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e.getCause());
        }
        if (!line.startsWith(READY)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            String prefix = FAILED + " " + variant + ": ";
            throw new StartFailure(line.startsWith(prefix) ? line.substring(prefix.length()).trim()
                    : variant + " exited before it was ready: " + line + " (see " + log + ")");
        }
        return new ServerProcess(process, port, line.substring(READY.length()).trim());
    }

    private static void pump(Process process, Path log, List<String> command, CompletableFuture<String> outcome) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            out.println("# " + String.join(" ", command));
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
                if (line.startsWith(READY) || line.startsWith(FAILED)) {
                    outcome.complete(line);
                }
            }
            outcome.complete("(no output; exit code " + process.waitFor() + ")");
        } catch (IOException | InterruptedException e) {
            outcome.completeExceptionally(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The server could not start; the message is the server's own reason. */
    static final class StartFailure extends IOException {
        StartFailure(String message) {
            super(message);
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    String banner() {
        return banner;
    }

    /** Closing stdin makes the server halt itself; force it if it lingers. */
    @Override
    public void close() throws IOException, InterruptedException {
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
