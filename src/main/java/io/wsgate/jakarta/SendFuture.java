package io.wsgate.jakarta;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The Future of an asynchronous send: null on success, the failure wrapped in ExecutionException. Not cancellable. */
final class SendFuture implements Future<Void> {

    private final CompletableFuture<Void> done = new CompletableFuture<>();

    void complete(Throwable failure) {
        if (failure == null) done.complete(null);
        else done.completeExceptionally(failure);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return false;   // a message handed to the connection cannot be taken back
    }

    @Override
    public boolean isCancelled() { return false; }

    @Override
    public boolean isDone() { return done.isDone(); }

    /**
     * Waits for the send, except on a thread the engine is calling in on (see {@link EngineThread}): there the
     * write it waits for may only happen once that thread returns (Tomcat delivers no write event to a connection
     * whose thread is inside onDataAvailable), so, as a blocking send does there, it returns once the message is
     * queued; a failure already known is still thrown, a later one completes this Future for any other waiter.
     */
    @Override
    public Void get() throws InterruptedException, ExecutionException {
        if (EngineThread.isCurrent() && !done.isDone()) return null;
        return done.get();
    }

    @Override
    public Void get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        if (EngineThread.isCurrent() && !done.isDone()) return null;
        return done.get(timeout, unit);
    }
}
