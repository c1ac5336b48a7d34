package io.wsgate.jakarta;

import io.wsgate.engine.SendCallback;
import io.wsgate.engine.WebSocketPolicy;
import io.wsgate.engine.WebSocketSession;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Records what the Jakarta layer sends. Sends complete at once unless {@link #holdCompletions} is set, in which
 * case {@link #completeNext} completes them one by one.
 */
public final class FakeWebSocketSession implements WebSocketSession {

    final List<String> sent = new ArrayList<>();
    final List<SendCallback> pending = new ArrayList<>();
    final WebSocketPolicy policy = new WebSocketPolicy();
    public boolean holdCompletions;
    Throwable failSendsWith;
    boolean open = true;
    Integer closeCode;
    String closeReason;
    public volatile boolean aborted;

    private synchronized void record(String what, SendCallback callback) {
        sent.add(what);
        if (failSendsWith != null) {
            callback.completed(failSendsWith);
        } else if (holdCompletions) {
            pending.add(callback);
        } else {
            callback.completed(null);
        }
    }

    public void completeNext(Throwable failure) {
        SendCallback callback;
        synchronized (this) {
            callback = pending.remove(0);
        }
        callback.completed(failure);
    }

    synchronized List<String> sent() {
        return new ArrayList<>(sent);
    }

    static String text(ByteBuffer data) {
        return StandardCharsets.UTF_8.decode(data.duplicate()).toString();
    }

    @Override public void sendText(String text, SendCallback callback) { record("text:" + text, callback); }
    @Override public void sendBinary(ByteBuffer data, SendCallback callback) { record("binary:" + text(data), callback); }
    @Override public void sendTextPart(String part, boolean last, SendCallback callback) { record("textPart:" + part + ":" + last, callback); }
    @Override public void sendBinaryPart(ByteBuffer part, boolean last, SendCallback callback) { record("binaryPart:" + text(part) + ":" + last, callback); }
    @Override public void sendPing(ByteBuffer payload, SendCallback callback) { record("ping:" + text(payload), callback); }
    @Override public void sendPong(ByteBuffer payload, SendCallback callback) { record("pong:" + text(payload), callback); }

    @Override
    public synchronized void close(int code, String reason) {
        closeCode = code;
        closeReason = reason;
        open = false;
    }

    @Override
    public synchronized void abort() {
        aborted = true;
        open = false;
    }

    @Override public synchronized boolean isOpen() { return open; }
    @Override public WebSocketPolicy policy() { return policy; }
    @Override public long queuedBytes() { return 0; }
    @Override public void policyChanged() {}
    @Override public boolean isCallbackThread() { return false; }

    private boolean readingSuspended;

    @Override public synchronized void suspendReading() { readingSuspended = true; }

    @Override public synchronized void resumeReading() {
        readingSuspended = false;
        notifyAll();
    }

    public synchronized boolean readingSuspended() { return readingSuspended; }

    /** Waits (at most 30 s) until reading is no longer suspended. */
    public synchronized void awaitReadingResumed() throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (readingSuspended) {
            long left = deadline - System.nanoTime();
            if (left <= 0) throw new AssertionError("reading was not resumed");
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}
