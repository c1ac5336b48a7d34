package io.wsgate.bench.load;

import org.HdrHistogram.Histogram;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.LongSupplier;

/** Warm up, then measure: the recorded interval, its exact length, and the server CPU seconds spent in it. */
record Window(Histogram histogram, double seconds, double serverCpuSeconds, double clientCpuSeconds) {

    static Window run(Recorders recorders, Duration warmup, Duration measure, LongSupplier serverCpuNanos)
            throws InterruptedException {
        Thread.sleep(warmup.toMillis());
        recorders.interval();
        long cpuStart = serverCpuNanos.getAsLong();
        long clientStart = clientCpuNanos();
        long start = System.nanoTime();
        Thread.sleep(measure.toMillis());
        Histogram histogram = recorders.interval();
        long cpuEnd = serverCpuNanos.getAsLong();
        long clientEnd = clientCpuNanos();
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Window(histogram, seconds, cpuStart < 0 || cpuEnd < 0 ? Double.NaN : (cpuEnd - cpuStart) / 1e9,
                clientStart < 0 || clientEnd < 0 ? Double.NaN : (clientEnd - clientStart) / 1e9);
    }

    /** CPU time of this (the load generator's) JVM, -1 if the platform does not say. */
    private static long clientCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** Load generator CPU microseconds per recorded operation: what one more message costs the generator. */
    double clientCpuMicrosPerOperation() {
        return histogram.getTotalCount() == 0 ? Double.NaN : clientCpuSeconds * 1e6 / histogram.getTotalCount();
    }

    /** Server CPU microseconds per recorded operation (NaN if unknown). */
    double serverCpuMicrosPerOperation() {
        return histogram.getTotalCount() == 0 ? Double.NaN : serverCpuSeconds * 1e6 / histogram.getTotalCount();
    }

    double ratePerSecond() {
        return histogram.getTotalCount() / seconds;
    }

    double percentileMicros(double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }
}
