package io.wsgate.jakarta.remote;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Waits for one send of a blocking method. On the container's thread inside a callback of the connection it
 * writes while it waits, since no write event comes there (see {@link Outbound#writeUntil}). On another engine
 * thread (see {@link EngineThread}) it does not wait: a failure already known is thrown, a later one goes to
 * {@code lateFailure} (the endpoint's error handler).
 * A small object with no CompletableFuture, since a send not waited for stays queued with it.
 */
public final class BlockingSend extends PendingSend {

    private static final int PENDING = 0, DETACHED = 1, DONE = 2;
    private static final AtomicIntegerFieldUpdater<BlockingSend> STATE =
            AtomicIntegerFieldUpdater.newUpdater(BlockingSend.class, "state");

    private final Consumer<Throwable> lateFailure;
    private volatile int state;
    private volatile Thread waiter;
    private Throwable failure;   // written before state becomes DONE

    public BlockingSend(Consumer<Throwable> lateFailure) {
        this.lateFailure = lateFailure;
    }

    @Override
    protected void onCompleted(Throwable failure) {
        this.failure = failure;
        if (STATE.compareAndSet(this, PENDING, DONE)) {
            Thread w = waiter;
            if (w != null) LockSupport.unpark(w);
        } else if (failure != null) {
            lateFailure.accept(failure);   // detached: the sender returned already
        }
    }

    /**
     * Returns when the send completed (or, on an engine thread that is not the container's, was accepted); throws
     * its failure. The wait is bounded by the send timeout, which completes the send.
     */
    void await() throws IOException {
        // While batching the message waits for a flush: a blocking send returns once it is in the batch.
        if (state != DONE && (owner != null && owner.isBatching()
                || EngineThread.isCurrent() && (owner == null || !owner.writeUntil(() -> state == DONE)))) {
            if (STATE.compareAndSet(this, PENDING, DETACHED)) return;
            throwFailure();
            return;
        }
        waiter = Thread.currentThread();
        boolean interrupted = false;
        while (state != DONE) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                interrupted = true;
                break;
            }
        }
        waiter = null;
        if (interrupted) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while sending");
        }
        throwFailure();
    }

    /** Returns without waiting: a failure already known is thrown, a later one goes to {@code lateFailure}. */
    void detach() throws IOException {
        if (STATE.compareAndSet(this, PENDING, DETACHED)) return;
        throwFailure();
    }

    private void throwFailure() throws IOException {
        Throwable f = failure;
        if (f != null) throw asIOException(f);
    }

    boolean waits() {
        return !EngineThread.isCurrent();
    }

    static IOException asIOException(Throwable failure) {
        if (failure instanceof IOException io) return io;
        if (failure instanceof RuntimeException r) throw r;
        if (failure instanceof Error e) throw e;
        return new IOException(failure);
    }
}
