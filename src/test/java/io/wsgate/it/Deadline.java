package io.wsgate.it;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition that has no event to wait on (a counter elsewhere, the JVM's thread count), checking it
 * again and again until it holds or a generous deadline passes. The deadline only keeps a broken build from hanging.
 */
public final class Deadline {

    private Deadline() {}

    /** True as soon as {@code condition} holds, false if it still does not after {@code limit}. */
    public static boolean await(Duration limit, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(limit);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) return false;
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        return true;
    }
}
