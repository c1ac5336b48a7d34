package io.wsgate.servlet;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The connection caps of one application: a handshake reserves a slot before any endpoint code runs and the slot
 * is released exactly once, when the connection closes or the upgrade fails. Counts are exact under concurrency
 * (a compare-and-set on the total, an atomic compute per address), and the per-address map holds only addresses
 * with a connection open, so a scan from many addresses leaves nothing behind.
 */
final class ConnectionSlots {

    /** Which cap refused a handshake. */
    enum Cap { APPLICATION, ADDRESS }

    /** One reserved connection; {@link #release} is idempotent. */
    final class Slot {
        private final String address;   // null when addresses are not counted
        private final AtomicInteger released = new AtomicInteger();

        private Slot(String address) {
            this.address = address;
        }

        void release() {
            if (released.getAndIncrement() != 0) return;
            total.decrementAndGet();
            if (address != null) perAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
        }
    }

    /** A refused reservation: which cap, and its value. */
    record Refusal(Cap cap, int limit) {}

    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> perAddress = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();

    /**
     * A slot for a connection from {@code address}, or the cap that refuses it. A limit of 0 is no limit.
     *
     * @return a {@link Slot} or a {@link Refusal}
     */
    Object reserve(String address, int maxTotal, int maxPerAddress) {
        for (int n = total.get(); ; n = total.get()) {
            if (maxTotal > 0 && n >= maxTotal) {
                refused.incrementAndGet();
                return new Refusal(Cap.APPLICATION, maxTotal);
            }
            if (total.compareAndSet(n, n + 1)) break;
        }
        if (maxPerAddress <= 0 || address == null) return new Slot(null);
        boolean[] admitted = new boolean[1];
        perAddress.compute(address, (a, n) -> {
            int count = n == null ? 0 : n;
            if (count >= maxPerAddress) return n;
            admitted[0] = true;
            return count + 1;
        });
        if (!admitted[0]) {
            total.decrementAndGet();
            refused.incrementAndGet();
            return new Refusal(Cap.ADDRESS, maxPerAddress);
        }
        return new Slot(address);
    }

    /** Connections holding a slot now (handshakes in progress included). */
    int reserved() {
        return total.get();
    }

    /** Addresses with at least one counted connection (only while a per-address cap is set). */
    int addresses() {
        return perAddress.size();
    }

    /** Handshakes refused by a cap since the application started. */
    long refused() {
        return refused.get();
    }
}
