package io.wsgate.sample;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measurements inside a container's JVM through the JDK's {@code jcmd} (same user, attach API): live heap after a
 * full GC, instance counts, thread names. Each call is bounded in time, so a container whose heap is full (and
 * that spends its time in GC) fails the test with a message instead of hanging it.
 */
final class Jcmd {

    private static final int TIMEOUT_SECONDS = 90;
    private static final Pattern TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)\\s*$");
    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
    private static final Pattern THREAD = Pattern.compile("^\"([^\"]*)\"");

    private final long pid;

    Jcmd(long pid) {
        this.pid = pid;
    }

    /** A class histogram of live objects; jcmd runs a full GC first, so what is left is what is reachable. */
    Histogram histogram() throws Exception {
        return Histogram.parse(run("GC.class_histogram"));
    }

    /** The names of the JVM's threads now. */
    List<String> threadNames() throws Exception {
        List<String> names = new ArrayList<>();
        for (String line : run("Thread.print").split("\n")) {
            Matcher m = THREAD.matcher(line);
            if (m.find()) names.add(m.group(1));
        }
        return names;
    }

    String run(String command) throws Exception {
        String jcmd = Path.of(ContainerProcess.javaHome(), "bin", "jcmd").toString();
        if (!Files.isExecutable(Path.of(jcmd))) throw new IllegalStateException("no jcmd at " + jcmd + ": a JDK is needed, not a JRE");
        Process process = new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("jcmd " + pid + " " + command + " did not answer within " + TIMEOUT_SECONDS
                        + " s (the container's JVM is stuck, e.g. in GC with a full heap)");
            }
            String text = output.get(30, TimeUnit.SECONDS);
            if (process.exitValue() != 0) throw new IllegalStateException("jcmd " + pid + " " + command + " failed:\n" + text);
            return text;
        } finally {
            process.destroyForcibly();
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }

    /** What GC.class_histogram printed: total live bytes, and per class name (one row per class loader) the counts. */
    record Histogram(long totalBytes, List<Row> rows) {

        record Row(String className, long instances, long bytes) {}

        static Histogram parse(String text) {
            long total = -1;
            List<Row> rows = new ArrayList<>();
            for (String line : text.split("\n")) {
                Matcher t = TOTAL.matcher(line);
                if (t.find()) total = Long.parseLong(t.group(2));
                Matcher r = ROW.matcher(line);
                if (r.find()) rows.add(new Row(r.group(3), Long.parseLong(r.group(1)), Long.parseLong(r.group(2))));
            }
            if (total < 0) throw new IllegalStateException("no Total line in the class histogram:\n" + text);
            return new Histogram(total, rows);
        }

        /** Live instances of the class with this name, over every class loader that has it. */
        long instances(String className) {
            return rows.stream().filter(r -> r.className().equals(className)).mapToLong(Row::instances).sum();
        }

        /** How many loaded copies of the class (one per class loader) have live instances. */
        long copies(String className) {
            return rows.stream().filter(r -> r.className().equals(className)).count();
        }

        /** The biggest rows, for a failure message that shows what fills the heap. */
        String top(int n) {
            StringBuilder out = new StringBuilder();
            rows.stream().limit(n).forEach(r -> out.append(String.format("%12d %14d  %s%n", r.instances(), r.bytes(), r.className())));
            return out.toString();
        }
    }
}
