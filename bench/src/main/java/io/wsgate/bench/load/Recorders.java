package io.wsgate.bench.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

import java.util.concurrent.TimeUnit;

/**
 * One latency recorder per reactor thread (each records from its own thread only), read together as intervals:
 * {@link #interval()} returns everything recorded since the previous call and starts a new interval. The count of
 * an interval is also the scenario's throughput count, so no separate counter is needed.
 */
final class Recorders {

    private static final long MAX_NANOS = TimeUnit.MINUTES.toNanos(2);

    private final SingleWriterRecorder[] recorders;

    Recorders(int threads) {
        recorders = new SingleWriterRecorder[threads];
        for (int i = 0; i < threads; i++) {
            recorders[i] = new SingleWriterRecorder(MAX_NANOS, 3);
        }
    }

    /** Records one completed operation's latency, on reactor {@code reactorIndex}'s thread. */
    void record(int reactorIndex, long nanos) {
        recorders[reactorIndex].recordValue(Math.min(Math.max(nanos, 0), MAX_NANOS));
    }

    Histogram interval() {
        Histogram sum = new Histogram(MAX_NANOS, 3);
        for (SingleWriterRecorder recorder : recorders) {
            sum.add(recorder.getIntervalHistogram());
        }
        return sum;
    }
}
