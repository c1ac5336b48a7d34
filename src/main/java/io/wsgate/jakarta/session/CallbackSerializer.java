package io.wsgate.jakarta.session;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Makes sure the callbacks of one session never run concurrently (WebSocket 2.2 section 5.1). The engine never
 * overlaps its own calls for a connection, but this layer also calls the endpoint from other threads (a send that
 * fails after the engine thread returned, for instance): those wait in a queue and run as soon as no callback is
 * running, on whichever thread finishes the current one, so no thread blocks on application code it does not own.
 */
final class CallbackSerializer {

    private final ReentrantLock lock = new ReentrantLock();
    private final Queue<Runnable> deferred = new ConcurrentLinkedQueue<>();
    /**
     * A message handler is reading a streamed message on another thread ({@link #startStream}): it counts as the
     * running callback, though it holds no lock (the reading thread must keep delivering its data), so every
     * other callback waits in the queue until {@link #endStream}.
     */
    private volatile boolean streaming;

    /**
     * Runs {@code task} now on this thread, waiting for a callback running on another thread to finish first.
     * Used for the engine's calls, whose buffers are only valid during the call.
     */
    void runNow(Runnable task) {
        lock.lock();
        try {
            task.run();
        } finally {
            lock.unlock();
            drain();
        }
    }

    /**
     * As {@link #runNow}, except on a thread already inside a callback of this session (the engine ending the
     * connection from within a send made by that callback): then {@code task} runs once the callback returned,
     * so callbacks never nest. Only for tasks that need no buffer valid only during the call.
     */
    void runNowOrAfterCurrent(Runnable task) {
        if (lock.isHeldByCurrentThread()) {
            deferred.add(task);
        } else if (streaming) {
            runSoon(task);      // never wait for a stream handler: it may be waiting for this thread's data
        } else {
            runNow(task);
        }
    }

    /**
     * From inside a callback ({@link #runNow}): the message it started is handed to a handler on another thread,
     * which is the running callback until {@link #endStream}.
     */
    void startStream() {
        if (!lock.isHeldByCurrentThread()) throw new IllegalStateException("a stream starts inside a callback");
        streaming = true;
    }

    /** The stream handler returned: what waited for it runs now, on this thread. */
    void endStream() {
        streaming = false;
        drain();
    }

    /** Runs {@code task} now if no callback is running, otherwise after the running one(s). */
    void runSoon(Runnable task) {
        deferred.add(task);
        drain();
    }

    private void drain() {
        // A nested callback on this thread leaves the queue to the outermost one, which drains it when done.
        if (lock.isHeldByCurrentThread()) return;
        // endStream drains after clearing the flag, so a task queued while it was set is never left behind.
        while (!streaming && !deferred.isEmpty() && lock.tryLock()) {
            try {
                Runnable next;
                while ((next = deferred.poll()) != null) {
                    try {
                        next.run();
                    } catch (RuntimeException | Error e) {
                        Log.LOG.log(System.Logger.Level.ERROR, "deferred WebSocket callback failed", e);
                    }
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
