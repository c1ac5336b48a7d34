package io.wsgate.bench.runner;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every measurement of a run, and the medians over rounds the report shows. */
final class Results {

    /** One scenario run against one freshly started server. */
    record Sample(int round, String variant, String scenario, Map<String, Double> metrics, long errors,
                  List<String> errorSamples, String failure) {
    }

    private final List<Sample> samples = new ArrayList<>();
    private final Map<String, String> variantFailures = new LinkedHashMap<>();

    synchronized void add(Sample sample) {
        samples.add(sample);
    }

    synchronized void variantFailed(String variant, String reason) {
        variantFailures.putIfAbsent(variant, reason);
    }

    synchronized boolean hasFailed(String variant) {
        return variantFailures.containsKey(variant);
    }

    synchronized Map<String, String> variantFailures() {
        return new LinkedHashMap<>(variantFailures);
    }

    synchronized List<Sample> samples() {
        return new ArrayList<>(samples);
    }

    /** Median over rounds of {@code metric} for {@code variant}, NaN if never measured. */
    synchronized double median(String variant, Metric metric) {
        List<Double> values = new ArrayList<>();
        for (Sample sample : samples) {
            Double value = sample.variant().equals(variant) ? sample.metrics().get(metric.id) : null;
            if (value != null && !value.isNaN()) {
                values.add(value);
            }
        }
        if (values.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(values);
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }

    synchronized long errors(String variant) {
        return samples.stream().filter(s -> s.variant().equals(variant)).mapToLong(Sample::errors).sum();
    }

    synchronized long totalErrors() {
        return samples.stream().mapToLong(Sample::errors).sum();
    }
}
