package io.wsgate.jakarta.remote;

import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Future of an asynchronous send: null on success, the failure wrapped in ExecutionException. Not cancellable.
 * A small object (no CompletableFuture), since it stays queued with its send.
 */
final class SendFuture extends PendingSend implements Future<Void> {

    private static final Object SUCCESS = new Object();

    /** A buffer whose position moves to its limit once sent (the buffer contract of sendBinary), or null. */
    private final ByteBuffer sent;
    private volatile Object result;   // null while pending, SUCCESS or the failure

    SendFuture() {
        this(null);
    }

    SendFuture(ByteBuffer sent) {
        this.sent = sent;
    }

    @Override
    protected void onCompleted(Throwable failure) {
        if (failure == null && sent != null) RemoteBase.consumed(sent);
        synchronized (this) {
            result = failure == null ? SUCCESS : failure;
            notifyAll();
        }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return false;   // a message handed to the connection cannot be taken back
    }

    @Override
    public boolean isCancelled() { return false; }

    @Override
    public boolean isDone() { return result != null; }

    /**
     * Waits for the send. On the container's thread inside a callback of the connection, where no write event
     * comes while it runs, it writes while it waits (see {@link Outbound#writeUntil}). On another thread the engine
     * is calling in on (see {@link EngineThread}) it returns once the message is queued, as a blocking send does
     * there; a failure already known is still thrown, a later one completes this Future for any other waiter.
     */
    @Override
    public Void get() throws InterruptedException, ExecutionException {
        Object r = result;
        flushIfBatching(r);
        if (r == null && EngineThread.isCurrent() && !writesWhileWaiting(Long.MAX_VALUE)) return null;
        if (r == null) {
            synchronized (this) {
                while ((r = result) == null) wait();
            }
        }
        return outcome(r);
    }

    @Override
    public Void get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        Object r = result;
        flushIfBatching(r);
        long end = System.nanoTime() + unit.toNanos(timeout);
        if (r == null && EngineThread.isCurrent() && !writesWhileWaiting(end)) return null;
        if (r == null) {
            synchronized (this) {
                while ((r = result) == null) {
                    long left = end - System.nanoTime();
                    if (left <= 0) throw new TimeoutException("the send has not completed");
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            }
        }
        return outcome(r);
    }

    /** Waiting for a send held in a batch would wait for a flush only the waiter could make: the wait flushes. */
    private void flushIfBatching(Object r) {
        Outbound o = owner;
        if (r == null && o != null && o.isBatching()) o.flushBatchNow();
    }

    /** On an engine thread: writes until done or {@code end} if this is the container's thread; false if not. */
    private boolean writesWhileWaiting(long end) {
        Outbound o = owner;
        if (o == null) return false;
        return o.writeUntil(() -> result != null || end != Long.MAX_VALUE && System.nanoTime() - end >= 0);
    }

    private static Void outcome(Object r) throws ExecutionException {
        if (r == SUCCESS) return null;
        throw new ExecutionException((Throwable) r);
    }
}
