package io.wsgate.bench.load;

import java.net.InetSocketAddress;
import java.util.function.LongSupplier;

/**
 * The server a scenario runs against: where it listens, its heap probe (null for the raw server, which has none),
 * the CPU time its process has used so far in nanoseconds, and the write system calls it has made so far
 * (both negative if unknown).
 */
public record Target(InetSocketAddress address, HeapProbe probe, LongSupplier cpuNanos, LongSupplier writeSyscalls) {

    public Target(InetSocketAddress address, HeapProbe probe, LongSupplier cpuNanos) {
        this(address, probe, cpuNanos, () -> -1);
    }

    /** A server whose CPU time is not known (e.g. one running in this JVM, in tests). */
    public static Target at(InetSocketAddress address) {
        return new Target(address, null, () -> -1);
    }
}
