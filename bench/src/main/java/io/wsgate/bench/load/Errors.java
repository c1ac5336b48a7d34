package io.wsgate.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Everything that went wrong during a scenario: wrong echo bytes, protocol violations, failed handshakes, lost
 * connections. Never ignored: the runner prints the count next to every result and the first few reasons in full.
 */
public final class Errors {

    private static final int SAMPLES = 10;

    private final LongAdder count = new LongAdder();
    private final List<String> samples = new ArrayList<>();

    public void add(String what) {
        count.increment();
        synchronized (samples) {
            if (samples.size() < SAMPLES) {
                samples.add(what);
            }
        }
    }

    public long count() {
        return count.sum();
    }

    public List<String> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }
}
