package io.wsgate.bench.micro;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Runs the JMH microbenchmarks and reports them as MB/s: every benchmark's {@code size} parameter is the bytes it
 * processes per operation, so bytes/s = ops/s x size. Writes {@code <out>/micro.md} and prints it.
 * Arguments: {@code [--quick] [--out DIR] [regex]} (regex selects benchmarks; default all in this package).
 */
public final class MicroMain {

    private MicroMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        Path out = Path.of("results");
        String include = MicroMain.class.getPackageName() + ".*";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--out" -> out = Path.of(args[++i]);
                default -> include = args[i];
            }
        }
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(include)
                .forks(1)
                .jvmArgs("-Xms1g", "-Xmx1g", "-XX:+UseParallelGC")
                .mode(org.openjdk.jmh.annotations.Mode.Throughput)
                .timeUnit(TimeUnit.SECONDS)
                .warmupIterations(quick ? 1 : 3)
                .warmupTime(TimeValue.milliseconds(quick ? 300 : 1000))
                .measurementIterations(quick ? 1 : 5)
                .measurementTime(TimeValue.milliseconds(quick ? 300 : 1000));
        Collection<RunResult> results = new Runner(options.build()).run();

        List<String> rows = new ArrayList<>();
        for (RunResult result : results) {
            String benchmark = result.getParams().getBenchmark();
            benchmark = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
            long size = Long.parseLong(result.getParams().getParam("size"));
            List<String> params = new ArrayList<>();
            for (String key : result.getParams().getParamsKeys()) {
                params.add(key + "=" + result.getParams().getParam(key));
            }
            double opsPerSecond = result.getPrimaryResult().getScore();
            double error = result.getPrimaryResult().getScoreError();
            rows.add(String.format(Locale.ROOT, "| %s | %s | %,.0f | %,.0f |", benchmark, String.join(", ", params),
                    opsPerSecond * size / 1e6, Double.isNaN(error) ? 0 : error * size / 1e6));
        }
        String markdown = "# wsgate microbenchmarks" + (quick ? " (QUICK: smoke run, not a measurement)" : "") + "\n\n"
                + "- date: " + ZonedDateTime.now() + ", nproc=" + Runtime.getRuntime().availableProcessors()
                + ", JVM " + System.getProperty("java.runtime.version") + "\n"
                + "- JMH, throughput mode, 1 fork (-Xms1g -Xmx1g -XX:+UseParallelGC), "
                + (quick ? "1x300 ms warmup, 1x300 ms measured" : "3x1 s warmup, 5x1 s measured") + "\n"
                + "- MB/s = ops/s x size / 10^6 (size = bytes processed per operation); *Reference = baselines written"
                + " in the benchmark, wsgate = the library\n\n"
                + "| benchmark | params | MB/s | +/- (99.9%) |\n| --- | --- | ---: | ---: |\n"
                + String.join("\n", rows) + "\n";
        Files.createDirectories(out);
        Files.writeString(out.resolve(quick ? "micro-quick.md" : "micro.md"), markdown, StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(markdown);
        System.out.println("wrote " + out.resolve(quick ? "micro-quick.md" : "micro.md") + " ("
                + ManagementFactory.getRuntimeMXBean().getUptime() / 1000 + " s)");
    }
}
