package io.wsgate.it.jakarta;

import io.wsgate.it.ContainerKind;
import io.wsgate.it.TestServer;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An embedded container with {@link StreamingEndpoints.CountChars}, run in a child JVM with a small heap: prints
 * {@code port=N} once it listens and stops when its standard input ends (the parent let go of it).
 */
public final class SmallHeapServer implements AutoCloseable {

    public static void main(String[] args) throws Exception {
        ContainerKind kind = ContainerKind.valueOf(args[0]);
        try (TestServer server = TestServer.start(kind, JakartaApp.extras(StreamingEndpoints.CountChars.class),
                JakartaApp.withDefaultServlet(context -> {}))) {
            System.out.println("port=" + server.port());
            System.out.flush();
            while (System.in.read() != -1) {
                // runs until the parent closes our input
            }
        }
        System.exit(0);
    }

    private final Process process;
    private final java.nio.file.Path errors;
    private final List<String> outOfMemory = new java.util.concurrent.CopyOnWriteArrayList<>();
    final int port;

    /** Starts the server in a child JVM with the test classpath and {@code -Xmx<heap>}. */
    SmallHeapServer(ContainerKind kind, String heap) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                System.getProperty("java.home") + "/bin/java", "-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), SmallHeapServer.class.getName(), kind.name()));
        errors = java.nio.file.Files.createTempFile("small-heap-server", ".log");
        process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        int found = -1;
        for (String line; found < 0 && (line = out.readLine()) != null; ) {
            if (line.startsWith("port=")) found = Integer.parseInt(line.substring(5));
        }
        if (found < 0) throw new IllegalStateException("the child server did not start (exit " + process.waitFor() + ")");
        port = found;
        // read the rest so the child never blocks on a full pipe; the JVM reports "Terminating due to
        // java.lang.OutOfMemoryError" there
        Thread drain = new Thread(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.contains("OutOfMemoryError")) outOfMemory.add(line);
                }
            } catch (java.io.IOException ignored) {
                // the child ended
            }
        }, "small-heap-server-output");
        drain.setDaemon(true);
        drain.start();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Whether the child is still running, or how it ended, with what it last wrote to its standard error. */
    String diagnosis() throws Exception {
        String state = process.waitFor(5, TimeUnit.SECONDS) ? "ended with exit code " + process.exitValue() : "running";
        List<String> lines = java.nio.file.Files.readAllLines(errors);
        List<String> oom = new ArrayList<>(outOfMemory);
        lines.stream().filter(l -> l.contains("OutOfMemoryError")).limit(3).forEach(oom::add);
        return "the server " + state + (oom.isEmpty() ? "" : "; " + oom) + "; its last output: "
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        java.nio.file.Files.deleteIfExists(errors);
    }
}
