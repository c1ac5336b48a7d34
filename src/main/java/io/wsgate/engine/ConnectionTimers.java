package io.wsgate.engine;

import java.util.concurrent.RejectedExecutionException;

/**
 * The one timer chain of a connection: idle timeout, keep-alive ping, pong deadline while open; the close timer
 * once closing. At most one task is scheduled at a time and each carries the generation it was scheduled in, so
 * a task that was cancelled too late to stop it (it had started when {@link #policyChanged} rescheduled) finds
 * itself stale and ends: two chains, and doubled pings, cannot happen.
 *
 * <p>Idle means nothing <em>received</em>: what we send, our own pings included, is not a sign of life. Received
 * bytes only record the time (a volatile write per read); the chain works out from it when it is next due. A
 * keep-alive ping with nothing received since, when the next ping would be due, means the peer is gone.
 */
final class ConnectionTimers {

    /** What the timers ask of the connection; called on a callback thread, holding no lock. */
    interface Events {
        WebSocketPolicy policy();

        void idleTimeout();

        /** Time for a keep-alive ping. */
        void ping();

        /** The last keep-alive ping went unanswered for a whole ping interval. */
        void pongMissing();

        void closeTimeout();
    }

    private static final long NEVER = Long.MAX_VALUE;

    private final Scheduler scheduler;
    private final Events events;
    private volatile long lastReceived;

    // Guarded by this.
    private Scheduler.Cancellable pending;
    private long generation;
    private boolean stopped;
    private boolean pingOutstanding;
    private long pingSentAt;
    private boolean closing;
    private long closeDeadline;

    ConnectionTimers(Scheduler scheduler, Events events) {
        this.scheduler = scheduler;
        this.events = events;
        this.lastReceived = scheduler.nanoTime();
    }

    /** The connection is open: idle and ping timing start now. */
    void start() {
        lastReceived = scheduler.nanoTime();
        reschedule();
    }

    /** Something arrived from the peer. */
    void received() {
        lastReceived = scheduler.nanoTime();
    }

    /** The idle timeout or ping interval changed. */
    void policyChanged() {
        reschedule();
    }

    /** From now on only the close timer runs: due {@code timeoutNanos} from now. */
    void closing(long timeoutNanos) {
        synchronized (this) {
            closing = true;
            closeDeadline = scheduler.nanoTime() + timeoutNanos;
        }
        reschedule();
    }

    /** The connection is over: nothing more runs. */
    synchronized void stop() {
        stopped = true;
        cancelPending();
    }

    private synchronized void reschedule() {
        if (stopped) return;
        cancelPending();
        long now = scheduler.nanoTime();
        long due = nextDue();
        if (due == NEVER) return;
        long g = ++generation;
        try {
            pending = scheduler.schedule(() -> fire(g), Math.max(0, due - now));
        } catch (RejectedExecutionException stopping) {
            // The web application is stopping; the container ends what is left.
            stopped = true;
        }
    }

    private void cancelPending() {
        generation++;
        if (pending != null) {
            pending.cancel();
            pending = null;
        }
    }

    /** When something is next due, under the lock. */
    private long nextDue() {
        if (closing) return closeDeadline;
        WebSocketPolicy policy = events.policy();
        long idle = policy.idleTimeout().toNanos();
        long ping = policy.pingInterval().toNanos();
        long due = NEVER;
        if (idle > 0) due = lastReceived + idle;
        if (ping > 0) due = Math.min(due, pingOutstanding ? pingSentAt + ping : lastReceived + ping);
        return due;
    }

    private void fire(long g) {
        Runnable action = null;
        synchronized (this) {
            if (g != generation || stopped) return; // stale: a newer chain has replaced this one
            pending = null;
            long now = scheduler.nanoTime();
            if (closing) {
                if (now - closeDeadline >= 0) {
                    stopped = true;
                    action = events::closeTimeout;
                }
            } else {
                WebSocketPolicy policy = events.policy();
                long idle = policy.idleTimeout().toNanos();
                long ping = policy.pingInterval().toNanos();
                long quiet = now - lastReceived;
                // Anything at all received since the ping shows the peer alive, as a pong would (a pong may be
                // queued behind a large message on its side).
                if (pingOutstanding && lastReceived - pingSentAt >= 0) pingOutstanding = false;
                if (ping > 0 && pingOutstanding && now - pingSentAt >= ping) {
                    action = events::pongMissing;
                } else if (idle > 0 && quiet >= idle) {
                    action = events::idleTimeout;
                } else if (ping > 0 && !pingOutstanding && quiet >= ping) {
                    pingOutstanding = true;
                    pingSentAt = now;
                    action = events::ping;
                }
            }
        }
        if (action != null) action.run();
        reschedule();
    }
}
