package io.wsgate.bench.load;

import java.util.LinkedHashMap;
import java.util.Map;

/** The numbers one scenario run produced, by metric id (see {@code io.wsgate.bench.runner.Metric}). */
public final class ScenarioResult {

    private final Map<String, Double> metrics = new LinkedHashMap<>();

    public ScenarioResult put(String metric, double value) {
        metrics.put(metric, value);
        return this;
    }

    public Map<String, Double> metrics() {
        return metrics;
    }

    @Override
    public String toString() {
        return metrics.toString();
    }
}
