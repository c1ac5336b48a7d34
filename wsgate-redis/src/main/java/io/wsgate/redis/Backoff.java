package io.wsgate.redis;

/** Reconnection delays: 100 ms doubling up to 5 s, back to 100 ms once connected. */
final class Backoff {

    static final long FIRST_MILLIS = 100;
    static final long MAX_MILLIS = 5_000;

    private long next = FIRST_MILLIS;

    long next() {
        long delay = next;
        next = Math.min(MAX_MILLIS, next * 2);
        return delay;
    }

    void reset() { next = FIRST_MILLIS; }
}
