package io.wsgate.jakarta.remote;

import io.wsgate.engine.Scheduler;
import io.wsgate.engine.WebSocketSession;
import io.wsgate.jakarta.session.Log;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The send side of one session on top of the engine's queue, which keeps the fragments of a partial message
 * together (a whole message sent from another thread meanwhile waits until the partial one ends, instead of
 * failing with IllegalStateException). Here: the thread sending a partial message may not interleave it with its
 * own other messages, send timeouts, and send completions marked as engine-thread calls.
 *
 * <p>A send that times out fails with {@link SocketTimeoutException} and aborts the connection: part of the
 * message may already be on the wire, so nothing else can follow it.
 *
 * <p>Timeouts cost one timer task per session, not one per send: a client that does not read can have a great
 * many sends queued. Sends not completed when handed to the engine wait in a doubly linked list ordered by
 * deadline (the sends themselves are its nodes; with one timeout for all, a new send simply goes last), and one
 * timer task is armed for the earliest deadline; when it runs it fails what has expired and re-arms for the
 * earliest deadline left. A send completed meanwhile only leaves the list.
 */
public final class Outbound {

    private final WebSocketSession ws;
    /** Clock and timer; its tasks run on callback threads, so an expiry's SendHandler and onClose never stall the timer thread. */
    private final Scheduler timer;
    /** The thread sending a partial message, and whether it is text, until its last part. */
    private volatile Thread fragmentThread;
    private volatile boolean fragmentText;
    private volatile IOException closed;
    /** Batching is on (mirrors the engine's flag, read on every send); the last send made while it was. */
    private volatile boolean batching;
    private volatile PendingSend lastBatched;

    // Sends waiting for completion with a timeout, oldest first, and the one timer task; under "this".
    private PendingSend head;
    private PendingSend tail;
    private Scheduler.Cancellable armed;
    private long armedDeadline;

    /** @param timer runs send timeouts; null for none (unit tests) */
    public Outbound(WebSocketSession ws, Scheduler timer) {
        this.ws = ws;
        this.timer = timer;
    }

    void text(String text, boolean blocking, long timeoutMillis, PendingSend send) {
        if (!admit(send, timeoutMillis, false, true, true, blocking)) return;
        ws.sendText(text, send);
        track(send);
    }

    void binary(ByteBuffer data, boolean blocking, long timeoutMillis, PendingSend send) {
        if (!admit(send, timeoutMillis, false, false, true, blocking)) return;
        ws.sendBinary(data, send);
        track(send);
    }

    void textPart(String part, boolean last, boolean blocking, long timeoutMillis, PendingSend send) {
        if (!admit(send, timeoutMillis, true, true, last, blocking)) return;
        ws.sendTextPart(part, last, send);
        track(send);
    }

    void binaryPart(ByteBuffer part, boolean last, boolean blocking, long timeoutMillis, PendingSend send) {
        if (!admit(send, timeoutMillis, true, false, last, blocking)) return;
        ws.sendBinaryPart(part, last, send);
        track(send);
    }

    void ping(ByteBuffer payload, long timeoutMillis, PendingSend send) {
        if (!admitControl(send, timeoutMillis)) return;
        ws.sendPing(payload, send);
        track(send);
    }

    void pong(ByteBuffer payload, long timeoutMillis, PendingSend send) {
        if (!admitControl(send, timeoutMillis)) return;
        ws.sendPong(payload, send);
        track(send);
    }

    /**
     * For a sender about to wait for its send on an engine thread: writes from this thread until {@code done}
     * if it is the container's thread of this connection (see {@link WebSocketSession#writeUntil}); false if not.
     */
    boolean writeUntil(java.util.function.BooleanSupplier done) {
        return ws.writeUntil(done);
    }

    boolean isBatching() {
        return batching;
    }

    /**
     * Turns batching on or off for the session (both remote endpoints: one queue). Turning it off writes the
     * batch and, as the javadoc says, waits until it is written.
     */
    void batching(boolean on) throws IOException {
        batching = on;
        ws.batching(on);
        if (!on) awaitBatch();
    }

    /** Writes the batch and waits until it is written (or failed); on an engine thread that is not the container's, only writes. */
    void flushBatch() throws IOException {
        ws.flushBatch();
        awaitBatch();
    }

    /** Writes the batch without waiting: a Future waited for while batching must not wait for a flush that never comes. */
    void flushBatchNow() {
        ws.flushBatch();
    }

    private void awaitBatch() throws IOException {
        PendingSend last = lastBatched;
        lastBatched = null;
        if (last == null || last.isClaimed()) return;
        if (ws.writeUntil(last::isClaimed)) return;
        if (EngineThread.isCurrent()) return; // the write may need this thread back; failures reach onError
        long pause = 100_000;
        while (!last.isClaimed()) {
            // Bounded by the send's timeout, which completes it; a batch flush is rare, a waiter object is not needed.
            java.util.concurrent.locks.LockSupport.parkNanos(this, pause);
            pause = Math.min(pause * 2, 5_000_000);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while flushing the batch");
            }
        }
    }

    /** Later sends fail at once with {@code cause}. */
    public void close(IOException cause) {
        if (closed == null) closed = cause;
    }

    /** Sends waiting for completion with a timeout (tests). */
    public synchronized int tracked() {
        int n = 0;
        for (PendingSend s = head; s != null; s = s.next) n++;
        return n;
    }

    private boolean admitControl(PendingSend send, long timeoutMillis) {
        send.owner = this;
        send.timeoutMillis = timeoutMillis;
        if (batching) lastBatched = send;
        IOException refused = closed;
        if (refused != null) {
            send.completed(refused);
            return false;
        }
        return true;
    }

    /**
     * Checks a data message before it goes to the engine, which keeps the fragments of a partial message together
     * and queues whole messages from other threads behind it. No lock is held when the send is handed on: the
     * engine may complete sends, and so run application callbacks, before returning.
     */
    private boolean admit(PendingSend send, long timeoutMillis, boolean part, boolean text, boolean last, boolean blocking) {
        if (!admitControl(send, timeoutMillis)) return false;
        boolean ownPartialOpen = fragmentThread == Thread.currentThread();
        if (ownPartialOpen && part && text != fragmentText || ownPartialOpen && !part && blocking) {
            // A whole message would wait behind this thread's own unfinished one for ever; parts of another
            // type cannot go into it.
            throw new IllegalStateException("a partial " + (fragmentText ? "text" : "binary")
                    + " message is being sent by this thread; send its last part first");
        }
        if (part) {
            fragmentText = text;
            fragmentThread = last ? null : Thread.currentThread();
        }
        return true;
    }

    /**
     * A send the engine has not completed yet waits for its timeout in the list. Most sends are written at once,
     * so the list is only touched for those still pending once handed over. The send may complete on another
     * thread meanwhile: it is linked first, then checked, while {@link #completed} marks it first, then checks the
     * link, so one of the two always unlinks it.
     */
    private void track(PendingSend send) {
        if (timer == null || send.timeoutMillis <= 0 || send.isClaimed()) return;
        synchronized (this) {
            send.deadline = timer.nanoTime() + TimeUnit.MILLISECONDS.toNanos(send.timeoutMillis);
            link(send);
            if (send.isClaimed()) {
                unlink(send);
                return;
            }
            if (armed == null || send.deadline - armedDeadline < 0) arm(send.deadline);
        }
    }

    /** The engine completed {@code send}. */
    void completed(PendingSend send, Throwable failure) {
        if (!send.claim()) return;     // it timed out already
        if (send.linked) {
            synchronized (this) {
                unlink(send);
            }
        }
        // The timer stays armed: when it runs it re-arms for what is left, or ends if nothing is.
        EngineThread.enter();
        try {
            send.onCompleted(failure);
        } finally {
            EngineThread.exit();
        }
    }

    private void arm(long deadline) {
        if (armed != null) armed.cancel();
        armedDeadline = deadline;
        long delay = Math.max(0, deadline - timer.nanoTime());
        try {
            armed = timer.schedule(this::timerFired, delay);
        } catch (RejectedExecutionException stopping) {
            // The application is stopping: its sessions are being closed, which completes their sends.
            armed = null;
            Log.LOG.log(System.Logger.Level.DEBUG, "send timeout not armed, the timer has stopped");
        }
    }

    private void timerFired() {
        PendingSend expired;
        synchronized (this) {
            armed = null;
            expired = takeExpired(timer.nanoTime());
            if (head != null) arm(head.deadline);
        }
        for (PendingSend s = expired; s != null; ) {
            PendingSend next = s.next;
            s.next = null;
            expire(s);
            s = next;
        }
    }

    /** Unlinks and claims the sends whose deadline has passed; returns them chained through {@code next}. */
    private PendingSend takeExpired(long now) {
        PendingSend first = null, last = null;
        while (head != null && now - head.deadline >= 0) {
            PendingSend s = head;
            unlink(s);
            if (s.claim()) {
                if (first == null) first = s;
                else last.next = s;
                last = s;
            }
        }
        return first;
    }

    private void expire(PendingSend send) {
        SocketTimeoutException timedOut = new SocketTimeoutException(
                "send did not complete within " + send.timeoutMillis + " ms");
        // Refuse further sends first, so whoever learns of the timeout finds the session given up; then fail
        // the send, then abort. Aborting first could block this timer thread for good: the engine holds the
        // connection while a listener callback runs, and that callback may be waiting for this very send (an
        // @OnMessage joining threads that send, on Tomcat, which delivers no write event to a connection whose
        // thread is inside onDataAvailable).
        close(timedOut);
        try {
            send.onCompleted(timedOut);
        } catch (RuntimeException | Error e) {
            Log.LOG.log(System.Logger.Level.WARNING, "completing a timed-out send failed", e);
        } finally {
            ws.abort();
        }
    }

    /** Inserts in deadline order, searching from the end, where a send with the usual timeout belongs. */
    private void link(PendingSend send) {
        PendingSend after = tail;
        while (after != null && send.deadline - after.deadline < 0) after = after.previous;
        send.previous = after;
        send.next = after == null ? head : after.next;
        if (after == null) head = send;
        else after.next = send;
        if (send.next == null) tail = send;
        else send.next.previous = send;
        send.linked = true;
    }

    private void unlink(PendingSend send) {
        if (!send.linked) return;
        send.linked = false;
        if (send.previous == null) head = send.next;
        else send.previous.next = send.next;
        if (send.next == null) tail = send.previous;
        else send.next.previous = send.previous;
        send.previous = null;
        send.next = null;
    }
}
