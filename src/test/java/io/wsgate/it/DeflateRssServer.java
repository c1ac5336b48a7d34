package io.wsgate.it;

import io.wsgate.it.app.TestApp;
import io.wsgate.protocol.DeflaterPool;
import io.wsgate.servlet.WebSocketUpgrader;
import jakarta.servlet.ServletContext;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link TestApp} in an embedded container of its own JVM, so that its resident memory is the server's alone: a
 * fixed, pre-touched heap (heap growth is not counted) and glibc limited to two malloc arenas (freed zlib memory is
 * reused rather than spread over one arena per thread). Prints {@code port=N} once it listens; then, for every line
 * {@code stats} on its standard input, waits until no connection is open and prints one {@link Stats} line. Stops
 * when its standard input ends.
 */
final class DeflateRssServer implements AutoCloseable {

    static final List<String> JVM_FLAGS = List.of("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC",
            "-XX:+ExitOnOutOfMemoryError");

    public static void main(String[] args) throws Exception {
        ContainerKind kind = ContainerKind.valueOf(args[0]);
        AtomicReference<ServletContext> application = new AtomicReference<>();
        try (TestServer server = TestServer.start(kind, context -> {
            application.set(context);
            TestApp.configure(context);
        })) {
            WebSocketUpgrader upgrader = WebSocketUpgrader.of(application.get());
            System.out.println("port=" + server.port());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                boolean closed = Deadline.await(Duration.ofSeconds(60), () -> upgrader.openConnections() == 0);
                // No System.gc(): memory the garbage collector would have to free is exactly what must not remain.
                System.out.println("stats open=" + (closed ? 0 : upgrader.openConnections())
                        + " inflaters=" + DeflaterPool.liveInflaters() + " deflaters=" + DeflaterPool.liveDeflaters()
                        + " rss=" + status("VmRSS:") + " rssAnon=" + status("RssAnon:"));
                System.out.flush();
            }
        }
        System.exit(0);
    }

    private static long status(String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field)) return Long.parseLong(line.replaceAll("\\D", ""));
        }
        return -1;
    }

    /** What the child reported: connections still open, live zlib streams, and resident memory in KiB. */
    record Stats(long open, long inflaters, long deflaters, long rssKiB, long rssAnonKiB) {
        static Stats parse(String line) {
            long[] v = new long[5];
            String[] parts = line.substring("stats ".length()).split(" ");
            for (int i = 0; i < v.length; i++) v[i] = Long.parseLong(parts[i].substring(parts[i].indexOf('=') + 1));
            return new Stats(v[0], v[1], v[2], v[3], v[4]);
        }
    }

    private final Process process;
    private final Path log;
    private final BufferedReader out;
    final int port;

    DeflateRssServer(ContainerKind kind) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + "/bin/java");
        command.addAll(JVM_FLAGS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), DeflateRssServer.class.getName(),
                kind.name()));
        log = Files.createTempFile("deflate-rss-server", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        process = builder.start();
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        int found = -1;
        for (String line; found < 0 && (line = out.readLine()) != null; ) {
            if (line.startsWith("port=")) found = Integer.parseInt(line.substring(5));
        }
        if (found < 0) throw new IllegalStateException("the child server did not start: " + lastLog());
        port = found;
    }

    /** Asks the child for its figures once every connection it had is closed. */
    Stats stats() throws Exception {
        process.getOutputStream().write("stats\n".getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("stats ")) return Stats.parse(line);
        }
        throw new IllegalStateException("the child server ended: " + lastLog());
    }

    private String lastLog() throws Exception {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(log);
    }
}
