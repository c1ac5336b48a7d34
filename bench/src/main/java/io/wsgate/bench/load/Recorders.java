package io.wsgate.bench.load;

import org.HdrHistogram.Histogram;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One latency histogram per reactor thread, owned by that thread (recording is a plain, unsynchronised update: the
 * recorder classes' atomic per value showed up in profiles of the generator). {@link #interval()} swaps every
 * reactor's histogram for a fresh one on the reactor's own thread and returns the sum of the old ones: everything
 * recorded since the previous call. Its count doubles as the scenario's throughput count.
 */
final class Recorders {

    private static final long MAX_NANOS = TimeUnit.MINUTES.toNanos(2);

    private final LoadGenerator generator;
    private final Histogram[] current;

    Recorders(LoadGenerator generator) {
        this.generator = generator;
        this.current = new Histogram[generator.threads()];
        for (int i = 0; i < current.length; i++) {
            current[i] = newHistogram();
        }
    }

    /** Records one completed operation's latency; only on reactor {@code reactorIndex}'s thread. */
    void record(int reactorIndex, long nanos) {
        current[reactorIndex].recordValue(Math.min(Math.max(nanos, 0), MAX_NANOS));
    }

    Histogram interval() throws InterruptedException {
        Histogram[] taken = new Histogram[current.length];
        CountDownLatch swapped = new CountDownLatch(current.length);
        for (int i = 0; i < current.length; i++) {
            int index = i;
            generator.execute(index, () -> {
                taken[index] = current[index];
                current[index] = newHistogram();
                swapped.countDown();
            });
        }
        if (!swapped.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("reactors did not swap histograms within 30 s");
        }
        Histogram sum = newHistogram();
        for (Histogram histogram : taken) {
            sum.add(histogram);
        }
        return sum;
    }

    private static Histogram newHistogram() {
        return new Histogram(MAX_NANOS, 3);
    }
}
