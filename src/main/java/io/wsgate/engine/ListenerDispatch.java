package io.wsgate.engine;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Calls one connection's listener so that it sees {@code onOpen -> (messages, onError)* -> onClose}, each end
 * exactly once, calls never overlapping and never nested, whichever threads cause them.
 *
 * <p>Two kinds of call. Data, pings and pongs come from the reading thread with a buffer valid only during the
 * call, so they are made {@link #now}, waiting for a call running on another thread to return. onError and onClose
 * may come from any thread (a timer, a sender, the container ending the connection) and are {@link #post posted}:
 * queued, and run by whichever thread is free to, never waiting for a running callback (that callback may be
 * waiting for this thread, as when two connections close each other from their callbacks). A posted call made
 * from inside a callback runs after that callback returns, not inside it; one posted before onOpen has run waits
 * for it. Once onClose is posted, nothing else is delivered.
 */
final class ListenerDispatch {

    private static final System.Logger LOG = System.getLogger(ListenerDispatch.class.getName());

    private final WebSocketListener listener;
    /** Held while a listener call runs; the only lock held around application code. */
    private final ReentrantLock running = new ReentrantLock();
    /** Guarded by itself. */
    private final ArrayDeque<Runnable> posted = new ArrayDeque<>(2);
    /** Guarded by {@link #posted}: onClose is queued or delivered, so nothing further is. */
    private boolean closePosted;
    /** Written under {@link #running}: onOpen has returned, so posted calls may run. */
    private volatile boolean opened;

    ListenerDispatch(WebSocketListener listener) {
        this.listener = listener;
    }

    /** Delivers onOpen first of all; calls posted meanwhile (an early error or close) follow it. */
    void open(WebSocketSession session) {
        running.lock();
        try {
            deliver(() -> listener.onOpen(session));
            opened = true;
        } finally {
            running.unlock();
        }
        drain();
    }

    /**
     * Delivers a data, ping or pong call on this (the reading) thread now, after any call running elsewhere; dropped
     * once the connection has been reported closed. Never made from inside a callback: reads resumed by a sender
     * run on another thread. If a read ever did run inside one, the call could neither nest (the API forbids it)
     * nor wait (this thread holds the lock), so it fails loudly rather than lose the message.
     */
    void now(Runnable call) {
        if (running.isHeldByCurrentThread()) {
            throw new IllegalStateException("wsgate: a listener call would run nested inside another (a read made"
                    + " from inside a listener callback)");
        }
        running.lock();
        try {
            if (opened && !isClosePosted()) deliver(call);
        } finally {
            running.unlock();
        }
        drain();
    }

    void postError(Throwable cause) {
        post(() -> listener.onError(cause), false);
    }

    void postClose(int code, String reason, boolean byEngine) {
        post(() -> listener.onClose(code, reason, byEngine), true);
    }

    private void post(Runnable call, boolean close) {
        synchronized (posted) {
            if (closePosted) return; // never anything after onClose
            if (close) closePosted = true;
            posted.add(call);
        }
        drain();
    }

    /** Whether the calling thread is inside a listener call of this connection. */
    boolean isCallbackThread() {
        return running.isHeldByCurrentThread();
    }

    private boolean isClosePosted() {
        synchronized (posted) {
            return closePosted;
        }
    }

    /**
     * Runs posted calls if no callback is running. Inside a callback (this thread holds the lock) they wait for it
     * to return; if another thread is inside one, it runs them when its call returns: each thread re-checks the
     * queue after unlocking, so a call posted while the lock was held is never left behind.
     */
    private void drain() {
        if (running.isHeldByCurrentThread()) return;
        while (opened && hasPosted() && running.tryLock()) {
            try {
                Runnable call;
                while ((call = poll()) != null) deliver(call);
            } finally {
                running.unlock();
            }
        }
    }

    private boolean hasPosted() {
        synchronized (posted) {
            return !posted.isEmpty();
        }
    }

    private Runnable poll() {
        synchronized (posted) {
            return posted.poll();
        }
    }

    /** A listener's exception is logged, not thrown into the engine. */
    private static void deliver(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.WARNING, "wsgate: WebSocket listener threw", e);
        }
    }
}
