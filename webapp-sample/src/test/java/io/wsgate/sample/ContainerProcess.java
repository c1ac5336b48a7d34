package io.wsgate.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A container distribution started with its own start script as a separate process. Its output goes to a log file
 * (and the last lines into failure messages); {@link #awaitLine} waits for a line of it, with a deadline.
 */
final class ContainerProcess implements AutoCloseable {

    private static final int KEEP_LINES = 60;

    private final String name;
    private final Process process;
    private final Path log;
    private final List<String> lines = new ArrayList<>();     // a container's output here is small
    private final Object lock = new Object();
    private volatile boolean closing;

    private ContainerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static ContainerProcess start(String name, List<String> command, Path directory, Map<String, String> environment,
                                  Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        ContainerProcess started = new ContainerProcess(name, builder.start(), log);
        Thread pump = new Thread(started::pump, name + "-output");
        pump.setDaemon(true);
        pump.start();
        return started;
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            for (String line; (line = in.readLine()) != null; ) {
                out.println(line);
                synchronized (lock) {
                    lines.add(line);
                    lock.notifyAll();
                }
            }
        } catch (IOException e) {
            // close() destroys the process, which closes its output stream under the reader: nothing is lost then.
            if (!closing) throw new UncheckedIOException(e);
        } finally {
            synchronized (lock) {
                lock.notifyAll();
            }
        }
    }

    /** Waits until the output has a line matching {@code pattern}; fails if the process ends or time runs out. */
    void awaitLine(Pattern pattern, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (lock) {
            int checked = 0;
            while (true) {
                for (; checked < lines.size(); checked++) {
                    if (pattern.matcher(lines.get(checked)).find()) return;
                }
                long left = deadline - System.nanoTime();
                if (!process.isAlive()) throw new IllegalStateException(name + " exited with " + process.exitValue()
                        + " before printing /" + pattern + "/:\n" + output());
                if (left <= 0) throw new IllegalStateException(name + " did not print /" + pattern + "/ within "
                        + timeout + " " + unit + ":\n" + output());
                lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /** Waits for a short-lived command (a setup step) to end, requiring exit code 0. */
    void awaitExit(long timeout, TimeUnit unit) throws InterruptedException {
        if (!process.waitFor(timeout, unit)) throw new IllegalStateException(name + " did not end within " + timeout + " " + unit);
        if (process.exitValue() != 0) throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + output());
    }

    /** The last lines of output, for failure messages. */
    String output() {
        synchronized (lock) {
            return String.join("\n", lines.subList(Math.max(0, lines.size() - KEEP_LINES), lines.size()))
                    + "\n(full log: " + log + ")";
        }
    }

    /** Every line of output so far (the log checks: warnings the container printed). */
    List<String> lines() {
        synchronized (lock) {
            return List.copyOf(lines);
        }
    }

    /**
     * The process id of the container's JVM, for jcmd: the started process itself when its start script ends in
     * {@code exec java} (catalina.sh run, start.jar), otherwise the java process it started.
     */
    long javaPid() {
        ProcessHandle self = process.toHandle();
        if (isJava(self)) return self.pid();
        // Where the command line is not visible (info() empty), the started process is the best guess.
        return self.descendants().filter(ContainerProcess::isJava).findFirst().orElse(self).pid();
    }

    private static boolean isJava(ProcessHandle handle) {
        return handle.info().command().map(c -> c.endsWith("/java")).orElse(false);
    }

    /** Stops the container as its start script would on Ctrl+C (SIGTERM: the shutdown hooks run), then waits. */
    @Override
    public void close() throws InterruptedException {
        closing = true;
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A port that was free a moment ago, for a container that is told its port on the command line. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    static String javaHome() {
        return System.getProperty("java.home");
    }
}
