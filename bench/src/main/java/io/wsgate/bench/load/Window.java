package io.wsgate.bench.load;

import org.HdrHistogram.Histogram;

import java.time.Duration;

/** Warm up, then measure: the recorded interval and its exact length. */
record Window(Histogram histogram, double seconds) {

    static Window run(Recorders recorders, Duration warmup, Duration measure) throws InterruptedException {
        Thread.sleep(warmup.toMillis());
        recorders.interval();
        long start = System.nanoTime();
        Thread.sleep(measure.toMillis());
        Histogram histogram = recorders.interval();
        return new Window(histogram, (System.nanoTime() - start) / 1e9);
    }

    double ratePerSecond() {
        return histogram.getTotalCount() / seconds;
    }

    double percentileMicros(double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }
}
