package io.wsgate.bench.runner;

import io.wsgate.bench.load.Settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Markdown report: run facts, the table of medians with wsgate/native ratios, headroom, failures, errors. */
final class Report {

    private Report() {
    }

    static String markdown(RunInfo info, Settings settings, List<String> variants, Results results) {
        StringBuilder md = new StringBuilder();
        md.append("# wsgate benchmark").append(info.quick() ? " (QUICK smoke run: checks the harness, not a benchmark)" : "")
                .append("\n\n");
        md.append("- date: ").append(info.date()).append('\n');
        md.append("- machine: nproc=").append(info.nproc()).append(", ").append(info.os()).append('\n');
        md.append("- JVM: ").append(info.jvm()).append('\n');
        md.append("- server JVM flags: `").append(String.join(" ", info.serverJvmArgs()))
                .append("`; each variant in its own JVM, started afresh for every scenario; containers' default"
                        + " thread pools\n");
        md.append("- load generator: ").append(settings.clientThreads()).append(" selector thread(s), in the runner JVM (`")
                .append(info.runnerJvmArgs()).append("`)\n");
        md.append("- command: `").append(info.command()).append("`\n");
        md.append("- rounds: ").append(info.rounds()).append(" (variants interleaved, order reversed every other round);"
                + " warmup ").append(seconds(settings.warmup().toMillis())).append(", measured ")
                .append(seconds(settings.measure().toMillis())).append(" per throughput scenario; values are medians"
                        + " over rounds\n\n");

        List<String> header = new ArrayList<>(List.of("metric", "unit"));
        header.addAll(variants);
        List<String[]> pairs = ratioPairs(variants);
        for (String[] pair : pairs) {
            header.add(pair[1] + " / " + pair[0]);
        }
        md.append("| ").append(String.join(" | ", header)).append(" |\n");
        md.append("|").append(" --- |".repeat(2)).append(" ---: |".repeat(header.size() - 2)).append('\n');
        for (Metric metric : Metric.values()) {
            List<String> row = new ArrayList<>();
            row.add(metric.label(settings) + " " + (metric.higherIsBetter ? "(higher is better)" : "(lower is better)"));
            row.add(metric.unit);
            boolean any = false;
            for (String variant : variants) {
                double value = results.median(variant, metric);
                any |= !Double.isNaN(value);
                row.add(metric.format(value));
            }
            for (String[] pair : pairs) {
                double ratio = results.median(pair[1], metric) / results.median(pair[0], metric);
                row.add(Double.isNaN(ratio) || Double.isInfinite(ratio) ? "-"
                        : String.format(Locale.ROOT, "%.2f", ratio));
            }
            if (any) {
                md.append("| ").append(String.join(" | ", row)).append(" |\n");
            }
        }
        List<String> errorRow = new ArrayList<>(List.of("errors (all scenarios, all rounds; must be 0)", ""));
        for (String variant : variants) {
            errorRow.add(results.hasFailed(variant) ? "FAILED" : Long.toString(results.errors(variant)));
        }
        for (int i = 0; i < pairs.size(); i++) {
            errorRow.add("");
        }
        md.append("| ").append(String.join(" | ", errorRow)).append(" |\n\n");

        md.append(headroom(variants, results)).append("\n\n");

        Map<String, String> failures = results.variantFailures();
        if (!failures.isEmpty()) {
            md.append("## Variants that could not run\n\n");
            failures.forEach((variant, reason) -> md.append("- **").append(variant).append("**: ").append(reason)
                    .append('\n'));
            md.append('\n');
        }
        List<String> errorLines = new ArrayList<>();
        for (Results.Sample sample : results.samples()) {
            boolean reportedAbove = sample.failure() != null && sample.failure().equals(failures.get(sample.variant()));
            if (sample.errors() > 0 || (sample.failure() != null && !reportedAbove)) {
                errorLines.add("- round " + sample.round() + ", " + sample.variant() + ", " + sample.scenario() + ": "
                        + (sample.failure() != null ? "FAILED " + sample.failure() + "; " : "")
                        + sample.errors() + " error(s)" + (sample.errorSamples().isEmpty() ? ""
                        : ", e.g. " + String.join(" / ", sample.errorSamples())));
            }
        }
        if (!errorLines.isEmpty()) {
            md.append("## Errors\n\n").append(String.join("\n", errorLines)).append("\n\n");
        }
        md.append("Chart: ").append(info.name()).append(".svg; every sample: ").append(info.name())
                .append("-samples.csv; server logs: logs/").append(info.name()).append("/\n");
        return md.toString();
    }

    /** The generator can only be trusted if it drives the trivial raw server much faster than any real one. */
    static String headroom(List<String> variants, Results results) {
        double raw = results.median("raw", Metric.SMALL_RATE);
        double best = Double.NaN;
        String bestVariant = null;
        for (String variant : variants) {
            double value = results.median(variant, Metric.SMALL_RATE);
            if (!variant.equals("raw") && !Double.isNaN(value) && (Double.isNaN(best) || value > best)) {
                best = value;
                bestVariant = variant;
            }
        }
        if (Double.isNaN(raw) || Double.isNaN(best)) {
            return "Generator headroom: not measured (needs the raw variant and at least one server in scenario small).";
        }
        double factor = raw / best;
        double clientCpu = results.median(bestVariant, Metric.SMALL_CLIENT_CPU);
        String cost = Double.isNaN(clientCpu) ? "" : String.format(Locale.ROOT, " While measuring %s the generator"
                + " spent %.2f us of CPU per message, i.e. %.0f%% of one core.", bestVariant, clientCpu,
                clientCpu * best / 1e4);
        return String.format(Locale.ROOT, "Generator headroom: against the raw echo server the generator drives %,.0f"
                        + " msg/s, %.1fx the fastest container (%s, %,.0f msg/s): %s.%s", raw, factor, bestVariant,
                best, factor >= 5 ? "OK (>= 5x)" : "BELOW the 5x target: container numbers may be limited by the"
                        + " generator", cost);
    }

    /** (native, wsgate) pairs on the same container, for the ratio columns. */
    static List<String[]> ratioPairs(List<String> variants) {
        List<String[]> pairs = new ArrayList<>();
        for (String container : new String[] {"tomcat", "jetty"}) {
            if (variants.contains(container + "-native") && variants.contains(container + "-wsgate")) {
                pairs.add(new String[] {container + "-native", container + "-wsgate"});
            }
        }
        return pairs;
    }

    static String csv(Results results) {
        StringBuilder csv = new StringBuilder("round,variant,scenario,metric,value,errors,failure\n");
        for (Results.Sample sample : results.samples()) {
            String failure = sample.failure() == null ? "" : '"' + sample.failure().replace("\"", "'") + '"';
            if (sample.metrics().isEmpty()) {
                csv.append(sample.round()).append(',').append(sample.variant()).append(',').append(sample.scenario())
                        .append(",,,").append(sample.errors()).append(',').append(failure).append('\n');
            }
            sample.metrics().forEach((metric, value) -> csv.append(sample.round()).append(',').append(sample.variant())
                    .append(',').append(sample.scenario()).append(',').append(metric).append(',')
                    .append(String.format(Locale.ROOT, "%.3f", value)).append(',').append(sample.errors()).append(',')
                    .append(failure).append('\n'));
        }
        return csv.toString();
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /** Facts about the run for the report header. */
    record RunInfo(String name, boolean quick, String date, int nproc, String os, String jvm,
                   List<String> serverJvmArgs, String runnerJvmArgs, String command, int rounds) {
    }
}
