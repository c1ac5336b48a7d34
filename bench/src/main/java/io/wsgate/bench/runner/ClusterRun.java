package io.wsgate.bench.runner;

import io.wsgate.bench.load.ClusterScenario;
import io.wsgate.bench.load.Errors;
import io.wsgate.bench.load.HeapProbe;
import io.wsgate.bench.load.Settings;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench/run --scenarios cluster}: what spreading sessions over two nodes on Redis costs, next to one node.
 *
 * <p>Each round runs two set-ups, each with fresh server JVMs of the {@code jetty-wsgate-redis} classpath (embedded
 * Jetty, wsgate, wsgate-redis) serving the bench's {@code HubEndpoint} ({@code -Dbench.endpoint=hub}):
 * <ol>
 *   <li><b>one node, in memory</b>: no {@code wsgate.redis.uri}, so the application keeps the core jar's
 *   single-node hub: 64 B publish latency (sender and receiver on the node), then fan-out to N sessions;
 *   <li><b>two nodes through Redis</b>: a {@code redis-server} of its own on a free port, both nodes with
 *   {@code wsgate.redis.uri} (wsgate-redis' initializer installs the Redis hub): publish latency from a sender on
 *   node A to a receiver on node A (local delivery on a Redis hub) and one on node B (the Redis hop), interleaved, then
 *   fan-out to N sessions, N/2 on each node, the broadcast sent to node A.
 * </ol>
 * Samples of all rounds are pooled; writes {@code results/cluster.md} ({@code cluster-quick.md} with --quick).
 */
final class ClusterRun {

    static final String ID = "cluster";
    static final String VARIANT_CLASSPATH = "jetty-wsgate-redis";
    /** What ServerMain runs: Jetty + wsgate, with the InitializerCheck of that variant. */
    private static final String SERVER_VARIANT = "jetty-wsgate";

    private final BenchRunner.Options options;
    private final Settings settings;
    private final int latencyWarmup;
    private final int latencyMeasured;
    private final int fanOutWarmup;
    private final Errors errors = new Errors();
    private final List<String> failures = new ArrayList<>();

    private final Histogram memoryLatency = newHistogram();
    private final Histogram redisSameNodeLatency = newHistogram();
    private final Histogram redisCrossNodeLatency = newHistogram();
    private final List<Double> memoryFanOut = new ArrayList<>();
    private final List<Double> redisFanOut = new ArrayList<>();

    ClusterRun(BenchRunner.Options options) {
        this.options = options;
        this.settings = options.settings();
        this.latencyWarmup = options.quick() ? 200 : 1000;
        this.latencyMeasured = options.quick() ? 500 : 5000;
        // More than broadcast's 3: in a first run (3 warm-up) the two-node fan-out fell from 645 to 85 ms over a
        // round's first ten broadcasts, as the fresh JVMs compiled delivery from the Redis subscriber thread.
        this.fanOutWarmup = options.quick() ? settings.broadcastWarmup() : Math.max(settings.broadcastWarmup(), 20);
    }

    /** Runs every round and writes the report; 0 if all went well, 1 on any failure or error. */
    int run() throws Exception {
        String classpath;
        try {
            classpath = options.classpath(VARIANT_CLASSPATH);
        } catch (IllegalStateException e) {
            System.out.println("bench: cluster FAILED: no classpath for the cluster nodes: io.wsgate:wsgate and "
                    + "io.wsgate:wsgate-redis must be installed in the local repository (`mvn install "
                    + "-Dmaven.test.skip=true` at the root and with `-f wsgate-redis/pom.xml`), then bench/run "
                    + "builds it with -Pcluster");
            return 1;
        }
        String loadBefore = load();
        Path logs = options.out().resolve("logs").resolve(name());
        long started = System.nanoTime();
        for (int round = 1; round <= options.rounds(); round++) {
            try {
                memoryRound(classpath, logs, round);
            } catch (Exception e) {
                failed("round " + round + ", one node: " + e);
            }
            try {
                redisRound(classpath, logs, round);
            } catch (Exception e) {
                failed("round " + round + ", two nodes: " + e);
            }
        }
        String loadAfter = load();
        System.out.printf(Locale.ROOT, "bench: cluster finished in %.0f s%n", (System.nanoTime() - started) / 1e9);
        String markdown = report(loadBefore, loadAfter);
        Files.createDirectories(options.out());
        Path file = options.out().resolve(name() + ".md");
        Files.writeString(file, markdown, StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(markdown);
        System.out.println("bench: wrote " + file);
        return failures.isEmpty() && errors.count() == 0 ? 0 : 1;
    }

    private String name() {
        return options.quick() ? ID + "-quick" : ID;
    }

    private void memoryRound(String classpath, Path logs, int round) throws Exception {
        try (ServerProcess node = startNode(classpath, null, logs.resolve("r" + round + "-memory.log"))) {
            ClusterScenario.Node a = node(node);
            Histogram latency = ClusterScenario.latency(a, List.of(a), latencyWarmup, latencyMeasured, errors).get(0);
            memoryLatency.add(latency);
            List<Double> fanOut = fanOut(List.of(a));
            memoryFanOut.addAll(fanOut);
            print(round, "one node, in memory", latency, null, fanOut);
        }
    }

    private void redisRound(String classpath, Path logs, int round) throws Exception {
        try (RedisServer redis = RedisServer.start(logs.resolve("r" + round + "-redis.log"));
             ServerProcess nodeA = startNode(classpath, redis.uri(), logs.resolve("r" + round + "-redis-nodeA.log"));
             ServerProcess nodeB = startNode(classpath, redis.uri(), logs.resolve("r" + round + "-redis-nodeB.log"))) {
            redis.awaitSubscribers(2);
            ClusterScenario.Node a = node(nodeA);
            ClusterScenario.Node b = node(nodeB);
            List<Histogram> latency = ClusterScenario.latency(a, List.of(a, b), latencyWarmup, latencyMeasured,
                    errors);
            Histogram same = latency.get(0);
            Histogram cross = latency.get(1);
            redisSameNodeLatency.add(same);
            redisCrossNodeLatency.add(cross);
            List<Double> fanOut = fanOut(List.of(a, b));
            redisFanOut.addAll(fanOut);
            print(round, "two nodes, Redis", same, cross, fanOut);
        }
    }

    private List<Double> fanOut(List<ClusterScenario.Node> nodes) throws Exception {
        return ClusterScenario.fanOut(nodes, settings.broadcastConnections(), fanOutWarmup,
                settings.broadcastRounds(), settings.maxPendingConnects(), errors);
    }

    private ServerProcess startNode(String classpath, String redisUri, Path log) throws Exception {
        List<String> jvmArgs = new ArrayList<>(options.serverJvmArgs());
        jvmArgs.add("-Dbench.endpoint=hub");
        if (redisUri != null) {
            jvmArgs.add("-Dbench.redis.uri=" + redisUri);
        }
        ServerProcess server = ServerProcess.start(options.java(), jvmArgs, classpath, SERVER_VARIANT, log);
        System.out.println("bench: cluster node " + server.banner() + (redisUri != null ? ", hub on " + redisUri
                : ", in-memory hub"));
        return server;
    }

    private static ClusterScenario.Node node(ServerProcess server) {
        return new ClusterScenario.Node(new InetSocketAddress("127.0.0.1", server.port()),
                new HeapProbe("127.0.0.1", server.port()));
    }

    private void failed(String what) {
        failures.add(what);
        System.out.println("bench: cluster FAILED: " + what);
    }

    private void print(int round, String setup, Histogram sameOrOnly, Histogram cross, List<Double> fanOut) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "[round %d/%d] cluster %-20s latency %s",
                round, options.rounds(), setup, percentiles(sameOrOnly)));
        if (cross != null) {
            line.append(", node A -> node B ").append(percentiles(cross));
        }
        List<Double> sorted = new ArrayList<>(fanOut);
        Collections.sort(sorted);
        line.append(String.format(Locale.ROOT, "; fan-out to %d: median %.1f ms, max %.1f ms",
                settings.broadcastConnections(), percentile(sorted, 50), percentile(sorted, 100)));
        if (errors.count() > 0) {
            line.append(" ERRORS=").append(errors.count()).append(' ').append(errors.samples());
        }
        System.out.println(line);
    }

    private String report(String loadBefore, String loadAfter) {
        StringBuilder md = new StringBuilder();
        md.append("# wsgate cluster benchmark").append(options.quick() ? " (QUICK smoke run: checks the harness)" : "")
                .append("\n\n");
        md.append("Fan-out and publish latency through `io.wsgate.cluster.Hub`: one node with the core jar's in-memory"
                + " hub against two nodes on Redis (wsgate-redis). See bench/README.md, scenario `cluster`.\n\n");
        md.append("- date: ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append('\n');
        md.append("- machine: nproc=").append(Runtime.getRuntime().availableProcessors()).append(", ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                .append("; shared with other work: load average before `").append(loadBefore)
                .append("`, after `").append(loadAfter).append("`\n");
        md.append("- JVM: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append("; server JVM flags `")
                .append(String.join(" ", options.serverJvmArgs())).append("`; ").append(RedisServer.version())
                .append(" on 127.0.0.1 (`--save '' --appendonly no`)\n");
        md.append("- nodes: embedded Jetty 12.1 ee11 + wsgate + wsgate-redis (`variants/jetty-wsgate-redis`), one JVM"
                + " each, fresh for every set-up; load generator: one selector thread per node, in the runner JVM\n");
        md.append("- command: `").append(options.command()).append("`\n");
        md.append("- rounds: ").append(options.rounds()).append(", samples pooled: publish latency ")
                .append(latencyWarmup).append(" warm-up + ").append(latencyMeasured)
                .append(" measured one at a time per round; fan-out ").append(fanOutWarmup)
                .append(" warm-up + ").append(settings.broadcastRounds()).append(" measured per round\n\n");

        md.append("| measured | one node, in memory | two nodes through Redis | added by Redis |\n");
        md.append("| --- | ---: | ---: | ---: |\n");
        md.append(latencyRow("64 B published until the receiver has it, sender and receiver on node A: p50 / p99 (us)",
                memoryLatency, redisSameNodeLatency));
        md.append(latencyRow("64 B published on node A until the receiver on node B has it: p50 / p99 (us)",
                memoryLatency, redisCrossNodeLatency));
        List<Double> memory = sorted(memoryFanOut);
        List<Double> redis = sorted(redisFanOut);
        int n = settings.broadcastConnections();
        md.append(String.format(Locale.ROOT, "| `broadcast:<64 B>` to %,d sessions (two nodes: %,d on each), until the"
                        + " last has it: median / p99 (ms) | %s | %s | %s |%n",
                n, n / 2, pair(percentile(memory, 50), percentile(memory, 99), "%.1f"),
                pair(percentile(redis, 50), percentile(redis, 99), "%.1f"),
                pair(percentile(redis, 50) - percentile(memory, 50), percentile(redis, 99) - percentile(memory, 99),
                        "%+.1f")));
        md.append("\nThe one-node column of both latency rows is the same measurement (the in-memory hub has only one"
                + " node). p99 of the fan-out is the nearest rank: with few samples, about the slowest.\n");
        md.append("\nFan-out samples (ms), one node: ").append(list(memoryFanOut)).append('\n');
        md.append("\nFan-out samples (ms), two nodes: ").append(list(redisFanOut)).append('\n');
        if (!failures.isEmpty() || errors.count() > 0) {
            md.append("\n## Failures and errors\n\n");
            failures.forEach(f -> md.append("- ").append(f).append('\n'));
            if (errors.count() > 0) {
                md.append("- ").append(errors.count()).append(" error(s), first: ").append(errors.samples()).append('\n');
            }
        }
        return md.toString();
    }

    private static String latencyRow(String label, Histogram memory, Histogram redis) {
        return String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", label,
                pair(micros(memory, 50), micros(memory, 99), "%.0f"),
                pair(micros(redis, 50), micros(redis, 99), "%.0f"),
                pair(micros(redis, 50) - micros(memory, 50), micros(redis, 99) - micros(memory, 99), "%+.0f"));
    }

    private static double micros(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1e3;
    }

    private static String percentiles(Histogram histogram) {
        return String.format(Locale.ROOT, "p50 %.0f us, p99 %.0f us (%d)", micros(histogram, 50),
                micros(histogram, 99), histogram.getTotalCount());
    }

    private static String pair(double a, double b, String format) {
        return Double.isNaN(a) || Double.isNaN(b) ? "-"
                : String.format(Locale.ROOT, format, a) + " / " + String.format(Locale.ROOT, format, b);
    }

    /** Nearest rank. */
    private static double percentile(List<Double> sorted, double percentile) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(percentile / 100 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private static List<Double> sorted(List<Double> values) {
        List<Double> copy = new ArrayList<>(values);
        Collections.sort(copy);
        return copy;
    }

    private static String list(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).toList().toString();
    }

    private static Histogram newHistogram() {
        return new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** A {@code redis-server} of this run's own on a free port of 127.0.0.1, without persistence. */
    static final class RedisServer implements AutoCloseable {

        private final Process process;
        private final int port;

        private RedisServer(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        static RedisServer start(Path log) throws IOException, InterruptedException {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            Files.createDirectories(log.getParent());
            Process process;
            try {
                process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                        "--save", "", "--appendonly", "no").redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                throw new IOException("cannot start redis-server (" + e.getMessage() + "): install it (Debian: "
                        + "apt-get install redis-server)", e);
            }
            RedisServer redis = new RedisServer(process, port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (true) {
                try {
                    if (redis.command("PING").startsWith("+PONG")) {
                        return redis;
                    }
                } catch (IOException notYet) {
                    // still starting
                }
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    redis.close();
                    throw new IOException("redis-server did not answer PING on port " + port + "; see " + log);
                }
                Thread.sleep(50);
            }
        }

        String uri() {
            return "redis://127.0.0.1:" + port;
        }

        /**
         * Waits until {@code count} pub/sub connections exist: every node's subscriber is in, so no publication of
         * the measurement is lost to a subscription still being made (pub/sub keeps nothing).
         */
        void awaitSubscribers(int count) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int seen = 0;
            while (System.nanoTime() < deadline) {
                String clients = command("CLIENT LIST TYPE pubsub");
                seen = (int) clients.lines().filter(line -> !line.isBlank()).count(); // one line per connection
                if (seen >= count) {
                    return;
                }
                Thread.sleep(50);
            }
            throw new IOException("only " + seen + " of " + count + " nodes subscribed to Redis within 30 s");
        }

        /** One inline command; returns the whole reply (a simple string, or a bulk string's content). */
        private String command(String command) throws IOException {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(5000);
                OutputStream out = socket.getOutputStream();
                out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                String first = readLine(in);
                if (!first.startsWith("$")) {
                    return first;
                }
                int length = Integer.parseInt(first.substring(1));
                return length < 0 ? "" : new String(in.readNBytes(length), StandardCharsets.UTF_8);
            }
        }

        private static String readLine(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            if (c < 0 && line.isEmpty()) {
                throw new IOException("connection closed");
            }
            return line.toString();
        }

        static String version() {
            try {
                Process process = new ProcessBuilder("redis-server", "--version").redirectErrorStream(true).start();
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                process.waitFor(5, TimeUnit.SECONDS);
                int v = out.indexOf("v=");
                return "redis-server " + (v >= 0 ? out.substring(v + 2).split("\\s")[0] : out);
            } catch (IOException | InterruptedException e) {
                return "redis-server (version unknown)";
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
