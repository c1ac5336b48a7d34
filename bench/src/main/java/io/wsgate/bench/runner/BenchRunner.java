package io.wsgate.bench.runner;

import io.wsgate.bench.load.Errors;
import io.wsgate.bench.load.HeapProbe;
import io.wsgate.bench.load.Scenario;
import io.wsgate.bench.load.ScenarioResult;
import io.wsgate.bench.load.Settings;
import io.wsgate.bench.load.Target;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Runs the benchmark: for each round, for each scenario, each variant in turn (A B C D, then D C B A, ...) gets a
 * fresh server JVM, the scenario runs against it, and the JVM is stopped. Then it writes the Markdown report, the
 * SVG chart and a CSV of every sample, and prints the report. Exit status 1 if any variant failed or any error
 * was counted. Started by {@code bench/run}; see {@link Options} for the flags.
 */
public final class BenchRunner {

    private BenchRunner() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (HelpRequested e) {
            System.out.println(Options.USAGE);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        System.exit(new BenchRunner().run(options));
    }

    private int run(Options options) throws Exception {
        Settings settings = options.settings();
        checkFileDescriptors(settings, options);
        Results results = new Results();
        Path logs = options.out().resolve("logs").resolve(options.name());
        deleteRecursively(logs);
        List<String> scenarios = options.scenarios().stream().filter(id -> !id.equals(ClusterRun.ID)).toList();
        int status = 0;
        if (!scenarios.isEmpty()) {
            status = runScenarios(options, settings, results, logs, scenarios);
        }
        if (options.scenarios().contains(ClusterRun.ID)) {
            status = Math.max(status, new ClusterRun(options).run());
        }
        return status;
    }

    private int runScenarios(Options options, Settings settings, Results results, Path logs, List<String> scenarios)
            throws Exception {
        long started = System.nanoTime();
        for (int round = 1; round <= options.rounds(); round++) {
            List<String> order = new ArrayList<>(options.variants());
            if (round % 2 == 0) {
                Collections.reverse(order);
            }
            for (String scenarioId : scenarios) {
                Scenario scenario = Scenario.byId(scenarioId);
                for (String variant : order) {
                    if (results.hasFailed(variant) || (variant.equals("raw") && !scenario.runsOnRaw())) {
                        continue;
                    }
                    runOne(options, settings, results, logs, round, scenario, variant);
                }
            }
        }
        System.out.printf(Locale.ROOT, "bench: finished in %.0f s%n", (System.nanoTime() - started) / 1e9);
        return writeReport(options, settings, results);
    }

    private void runOne(Options options, Settings settings, Results results, Path logs, int round, Scenario scenario,
                        String variant) throws InterruptedException {
        String tag = String.format(Locale.ROOT, "[round %d/%d] %-9s %-13s", round, options.rounds(), scenario.id(),
                variant);
        String classpath;
        try {
            classpath = options.classpath(variant);
        } catch (IllegalStateException e) {
            results.variantFailed(variant, e.getMessage());
            System.out.println(tag + " FAILED: " + e.getMessage());
            return;
        }
        Path log = logs.resolve("r" + round + "-" + scenario.id() + "-" + variant + ".log");
        Errors errors = new Errors();
        ScenarioResult result = null;
        String failure = null;
        try (ServerProcess server = ServerProcess.start(options.java(), options.serverJvmArgs(), classpath, variant,
                log)) {
            if (round == 1 && scenario.id().equals(options.scenarios().stream()
                    .filter(id -> !id.equals(ClusterRun.ID)).findFirst().orElse(""))) {
                System.out.println(tag + " server: " + server.banner());
            }
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.port());
            HeapProbe probe = variant.equals("raw") ? null : new HeapProbe("127.0.0.1", server.port());
            long pid = server.pid();
            result = scenario.run(new Target(address, probe, () -> ProcessCpu.nanos(pid),
                    () -> ProcessCpu.writeSyscalls(pid)), settings, errors);
        } catch (ServerProcess.StartFailure e) {
            results.variantFailed(variant, e.getMessage());
            failure = e.getMessage();
        } catch (Exception e) {
            failure = e.toString();
        }
        results.add(new Results.Sample(round, variant, scenario.id(),
                result == null ? java.util.Map.of() : result.metrics(), errors.count(), errors.samples(), failure));
        StringBuilder line = new StringBuilder(tag);
        if (result != null) {
            result.metrics().forEach((k, v) -> line.append(String.format(Locale.ROOT, " %s=%.1f", k, v)));
        }
        if (errors.count() > 0) {
            line.append(" ERRORS=").append(errors.count()).append(' ').append(errors.samples());
        }
        if (failure != null) {
            line.append(" FAILED: ").append(failure);
        }
        System.out.println(line);
    }

    private int writeReport(Options options, Settings settings, Results results) throws IOException {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        Report.RunInfo info = new Report.RunInfo(options.name(), options.quick(),
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                Runtime.getRuntime().availableProcessors(),
                os.getName() + " " + os.getVersion() + " " + os.getArch(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                        + System.getProperty("java.vendor") + ")",
                options.serverJvmArgs(),
                String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(a -> !a.startsWith("-Dbench.")).toList()),
                options.command(), options.rounds());
        String markdown = Report.markdown(info, settings, options.variants(), results);
        Files.createDirectories(options.out());
        Files.writeString(options.out().resolve(options.name() + ".md"), markdown, StandardCharsets.UTF_8);
        Files.writeString(options.out().resolve(options.name() + ".svg"),
                SvgChart.render("wsgate benchmark" + (options.quick() ? " (quick smoke run)" : "") + ", "
                        + info.date().substring(0, 10) + ", nproc=" + info.nproc() + ", medians of " + options.rounds()
                        + " round(s)", settings, options.variants(), results), StandardCharsets.UTF_8);
        Files.writeString(options.out().resolve(options.name() + "-samples.csv"), Report.csv(results),
                StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(markdown);
        System.out.println("bench: wrote " + options.out().resolve(options.name() + ".md") + " (and .svg, -samples.csv)");
        boolean failed = !results.variantFailures().isEmpty() || results.totalErrors() > 0
                || results.samples().stream().anyMatch(s -> s.failure() != null);
        return failed ? 1 : 0;
    }

    private static void checkFileDescriptors(Settings settings, Options options) {
        if (!(ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix)) {
            return;
        }
        long needed = Math.max(settings.idleConnections(), settings.broadcastConnections()) + 1000L;
        boolean manyConnections = options.scenarios().stream().anyMatch(id -> id.startsWith("idle"))
                || options.scenarios().stream().anyMatch(id -> id.startsWith("broadcast"))
                || options.scenarios().contains(ClusterRun.ID);
        if (manyConnections && unix.getMaxFileDescriptorCount() < needed) {
            throw new IllegalStateException("open file limit is " + unix.getMaxFileDescriptorCount() + " but the idle/"
                    + "broadcast scenarios need about " + needed + " per process: raise it (`ulimit -n " + needed
                    + "`; bench/run does this when the hard limit allows)");
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Collections.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** --help: print the usage and stop. */
    private static final class HelpRequested extends IllegalArgumentException {
    }

    /** The command-line flags. */
    record Options(boolean quick, int rounds, List<String> variants, List<String> scenarios, Settings settings,
                   List<String> serverJvmArgs, String java, Path benchDir, Path out, String name, String command) {

        static final List<String> ALL_VARIANTS = List.of("raw", "tomcat-native", "tomcat-wsgate", "jetty-native",
                "jetty-wsgate");
        static final List<String> ALL_SCENARIOS = List.of("small", "large", "handshake", "idle", "idle-deflate",
                "idle-deflate-nct", "json-deflate", "broadcast", "broadcast-deflate", "burst");
        /** Also accepted by --scenarios, not run by default: two nodes on Redis (see ClusterRun). */
        static final List<String> KNOWN_SCENARIOS = Stream.concat(ALL_SCENARIOS.stream(),
                Stream.of(ClusterRun.ID)).toList();
        static final String DEFAULT_SERVER_JVM_ARGS = "-Xms1g -Xmx1g -XX:+UseParallelGC";

        static final String USAGE = """
                usage: bench/run [--quick] [--rounds N] [--variants v1,v2] [--scenarios s1,s2]
                                 [--warmup SECONDS] [--measure SECONDS] [--idle N] [--broadcast N]
                                 [--client-threads N] [--server-jvm-args "ARGS"] [--java PATH] [--out DIR]
                  variants:  raw, tomcat-native, tomcat-wsgate, jetty-native, jetty-wsgate (default: all)
                  scenarios: small, large, handshake, idle, idle-deflate, idle-deflate-nct, json-deflate, broadcast,
                             broadcast-deflate, burst (default: all)
                             and cluster (only when named: fan-out and publish latency, one node in memory against
                             two nodes on Redis; needs io.wsgate:wsgate-redis and redis-server; writes
                             results/cluster.md)
                  --quick    smoke test of the harness (~1 min): 1 round, 1 s warmup + 1.5 s measured, 500
                             idle/broadcast connections; writes results/quick.md instead of results/latest.md
                  default:   3 rounds, 5 s warmup + 6 s measured, 5000 idle/broadcast connections (~14 min)""";

        static Options parse(String[] args) {
            boolean quick = false;
            Integer rounds = null;
            List<String> variants = ALL_VARIANTS;
            List<String> scenarios = ALL_SCENARIOS;
            Double warmup = null;
            Double measure = null;
            Integer idle = null;
            Integer broadcast = null;
            Integer clientThreads = null;
            String serverJvmArgs = DEFAULT_SERVER_JVM_ARGS;
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Path benchDir = Path.of(System.getProperty("bench.dir", "."));
            Path out = null;
            String command = System.getProperty("bench.command", "BenchRunner " + String.join(" ", args));
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--help", "-h" -> throw new HelpRequested();
                    case "--quick" -> quick = true;
                    case "--rounds" -> rounds = Integer.parseInt(value(args, ++i, arg));
                    case "--variants" -> variants = list(value(args, ++i, arg), ALL_VARIANTS, "variant");
                    case "--scenarios" -> scenarios = list(value(args, ++i, arg), KNOWN_SCENARIOS, "scenario");
                    case "--warmup" -> warmup = Double.parseDouble(value(args, ++i, arg));
                    case "--measure" -> measure = Double.parseDouble(value(args, ++i, arg));
                    case "--idle" -> idle = Integer.parseInt(value(args, ++i, arg));
                    case "--broadcast" -> broadcast = Integer.parseInt(value(args, ++i, arg));
                    case "--client-threads" -> clientThreads = Integer.parseInt(value(args, ++i, arg));
                    case "--server-jvm-args" -> serverJvmArgs = value(args, ++i, arg);
                    case "--java" -> java = value(args, ++i, arg);
                    case "--bench-dir" -> benchDir = Path.of(value(args, ++i, arg));
                    case "--out" -> out = Path.of(value(args, ++i, arg));
                    default -> throw new IllegalArgumentException("unknown argument " + arg);
                }
            }
            Settings settings = quick ? Settings.quick() : Settings.full();
            if (warmup != null || measure != null) {
                settings = settings.withTimes(
                        warmup != null ? Duration.ofMillis((long) (warmup * 1000)) : settings.warmup(),
                        measure != null ? Duration.ofMillis((long) (measure * 1000)) : settings.measure());
            }
            if (idle != null || broadcast != null) {
                settings = settings.withConnections(idle != null ? idle : settings.idleConnections(),
                        broadcast != null ? broadcast : settings.broadcastConnections());
            }
            if (clientThreads != null) {
                settings = settings.withClientThreads(clientThreads);
            }
            return new Options(quick, rounds != null ? rounds : quick ? 1 : 3, variants, scenarios, settings,
                    Arrays.stream(serverJvmArgs.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList(), java,
                    benchDir, out != null ? out : benchDir.resolve("results"), quick ? "quick" : "latest", command);
        }

        /** bench classes first, then the variant's own jars (none for raw). */
        String classpath(String variant) {
            Path classes = benchDir.resolve("target").resolve("classes").toAbsolutePath();
            if (variant.equals("raw")) {
                return classes.toString();
            }
            Path file = benchDir.resolve("variants").resolve(variant).resolve("target").resolve("classpath.txt");
            if (!Files.exists(file)) {
                throw new IllegalStateException("no classpath for " + variant + " (" + file + " is missing). "
                        + (variant.endsWith("-wsgate")
                        ? "io.wsgate:wsgate:0.1.0-SNAPSHOT is probably not in the local Maven repository: run "
                        + "`mvn -q install -Dmaven.test.skip=true` at the repository root (or `bench/run --install-wsgate`)."
                        : "Build it: mvn -q -f bench/variants/pom.xml initialize"));
            }
            try {
                return classes + File.pathSeparator + Files.readString(file).trim();
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file + ": " + e);
            }
        }

        private static String value(String[] args, int i, String flag) {
            if (i >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            return args[i];
        }

        private static List<String> list(String value, List<String> allowed, String what) {
            List<String> items = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            for (String item : items) {
                if (!allowed.contains(item)) {
                    throw new IllegalArgumentException("unknown " + what + " " + item + " (one of " + allowed + ")");
                }
            }
            return items;
        }
    }
}
