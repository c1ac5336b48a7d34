package io.wsgate.jakarta;

import io.wsgate.engine.SendCallback;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Waits for one send of a blocking method. On an engine thread it does not wait (see {@link EngineThread}):
 * a failure already known is thrown, a later one goes to {@code lateFailure} (the endpoint's error handler).
 */
final class BlockingSend implements SendCallback {

    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final Consumer<Throwable> lateFailure;

    BlockingSend(Consumer<Throwable> lateFailure) {
        this.lateFailure = lateFailure;
    }

    @Override
    public void completed(Throwable failure) {
        if (failure == null) done.complete(null);
        else done.completeExceptionally(failure);
    }

    /** Returns when the send completed (or, on an engine thread, was accepted); throws its failure. */
    void await() throws IOException {
        if (EngineThread.isCurrent() && !done.isDone()) {
            done.whenComplete((ok, failure) -> {
                if (failure != null) lateFailure.accept(failure);
            });
            return;
        }
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while sending");
        } catch (ExecutionException e) {
            throw asIOException(e.getCause());
        }
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
