package io.wsgate.jakarta.remote;

import io.wsgate.engine.SendCallback;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One send handed to the engine, and the only object this layer keeps for it while it is queued: it is the
 * engine's callback, its completion (a subclass: a blocking send's waiter, a Future, a SendHandler), and its entry
 * in {@link Outbound}'s list of sends waiting for their timeout. A slow client can have very many sends queued, so
 * nothing else is allocated per send: no timer task, no CompletableFuture.
 */
abstract class PendingSend implements SendCallback {

    private static final AtomicIntegerFieldUpdater<PendingSend> DONE =
            AtomicIntegerFieldUpdater.newUpdater(PendingSend.class, "done");

    // Outbound's: set before the send goes to the engine, the links under Outbound's lock.
    Outbound owner;
    long timeoutMillis;
    long deadline;
    PendingSend previous;
    PendingSend next;
    /** In Outbound's list (volatile: a completion checks it without the lock, see Outbound.track). */
    volatile boolean linked;

    private volatile int done;

    /** The engine completed the send: null when its frames reached the container. */
    @Override
    public final void completed(Throwable failure) {
        Outbound o = owner;
        if (o != null) o.completed(this, failure);
        else if (claim()) onCompleted(failure);
    }

    /** Takes the right to complete this send; only the first caller (the engine or the timeout) gets it. */
    final boolean claim() {
        return DONE.compareAndSet(this, 0, 1);
    }

    final boolean isClaimed() {
        return done != 0;
    }

    /** Runs once, with the send's failure or null. */
    protected abstract void onCompleted(Throwable failure);
}
