package io.wsgate.jakarta;

import io.wsgate.engine.SendCallback;
import io.wsgate.engine.WebSocketSession;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The send side of one session on top of the engine's queue: keeps the fragments of a partial message together
 * (a whole message sent from another thread meanwhile waits until the partial one ends, instead of failing with
 * IllegalStateException), applies send timeouts, and marks send completions as engine-thread calls.
 *
 * <p>A send that times out fails with {@link SocketTimeoutException} and aborts the connection: part of the
 * message may already be on the wire, so nothing else can follow it.
 */
final class Outbound {

    private enum Type { TEXT, BINARY, PING, PONG }

    private record Send(Type type, boolean part, boolean last, String text, ByteBuffer data, SendCallback callback) {
        boolean control() { return type == Type.PING || type == Type.PONG; }
    }

    private final WebSocketSession ws;
    private final ScheduledExecutorService timer;
    private final Queue<Send> waiting = new ArrayDeque<>();
    private Type fragmented;
    private Thread fragmentThread;
    private IOException closed;

    /** @param timer runs send timeouts; null for none (unit tests) */
    Outbound(WebSocketSession ws, ScheduledExecutorService timer) {
        this.ws = ws;
        this.timer = timer;
    }

    void text(String text, boolean blocking, long timeoutMillis, SendCallback callback) {
        submit(new Send(Type.TEXT, false, true, text, null, timed(callback, timeoutMillis)), blocking);
    }

    void binary(ByteBuffer data, boolean blocking, long timeoutMillis, SendCallback callback) {
        submit(new Send(Type.BINARY, false, true, null, data, timed(callback, timeoutMillis)), blocking);
    }

    void textPart(String part, boolean last, boolean blocking, long timeoutMillis, SendCallback callback) {
        submit(new Send(Type.TEXT, true, last, part, null, timed(callback, timeoutMillis)), blocking);
    }

    void binaryPart(ByteBuffer part, boolean last, boolean blocking, long timeoutMillis, SendCallback callback) {
        submit(new Send(Type.BINARY, true, last, null, part, timed(callback, timeoutMillis)), blocking);
    }

    void ping(ByteBuffer payload, long timeoutMillis, SendCallback callback) {
        submit(new Send(Type.PING, false, true, null, payload, timed(callback, timeoutMillis)), false);
    }

    void pong(ByteBuffer payload, long timeoutMillis, SendCallback callback) {
        submit(new Send(Type.PONG, false, true, null, payload, timed(callback, timeoutMillis)), false);
    }

    /** Fails the sends still waiting for a partial message to end; later sends fail at once. */
    void close(IOException cause) {
        Queue<Send> failed;
        synchronized (this) {
            if (closed != null) return;
            closed = cause;
            failed = new ArrayDeque<>(waiting);
            waiting.clear();
        }
        failed.forEach(send -> send.callback().completed(cause));
    }

    private void submit(Send send, boolean blocking) {
        IOException refused;
        synchronized (this) {
            refused = closed;
            if (refused == null) {
                if (send.control() || fragmented == null && waiting.isEmpty()) {
                    dispatch(send);
                } else if (fragmented == send.type() && send.part()) {
                    dispatch(send);     // the next fragment of the open message
                } else if (blocking && fragmentThread == Thread.currentThread()) {
                    throw new IllegalStateException("a partial " + fragmented.name().toLowerCase()
                            + " message is being sent by this thread; send its last part first");
                } else {
                    waiting.add(send);
                }
                return;
            }
        }
        send.callback().completed(refused);
    }

    /** Hands a send to the engine; called holding the lock so the engine sees sends in submission order. */
    private void dispatch(Send send) {
        if (!send.control() && send.part()) {
            if (send.last()) {
                fragmented = null;
                fragmentThread = null;
            } else {
                fragmented = send.type();
                fragmentThread = Thread.currentThread();
            }
        }
        switch (send.type()) {
            case TEXT -> {
                if (send.part()) ws.sendTextPart(send.text(), send.last(), send.callback());
                else ws.sendText(send.text(), send.callback());
            }
            case BINARY -> {
                if (send.part()) ws.sendBinaryPart(send.data(), send.last(), send.callback());
                else ws.sendBinary(send.data(), send.callback());
            }
            case PING -> ws.sendPing(send.data(), send.callback());
            case PONG -> ws.sendPong(send.data(), send.callback());
        }
        // A partial message just ended: what waited for it goes now, until another partial message opens.
        while (fragmented == null && !waiting.isEmpty()) {
            dispatch(waiting.poll());
        }
    }

    private SendCallback timed(SendCallback callback, long timeoutMillis) {
        AtomicBoolean done = new AtomicBoolean();
        ScheduledFuture<?>[] timeout = new ScheduledFuture<?>[1];
        SendCallback once = failure -> {
            if (!done.compareAndSet(false, true)) return;
            ScheduledFuture<?> t = timeout[0];
            if (t != null) t.cancel(false);
            EngineThread.enter();
            try {
                callback.completed(failure);
            } finally {
                EngineThread.exit();
            }
        };
        if (timer != null && timeoutMillis > 0) {
            timeout[0] = timer.schedule(() -> {
                if (!done.compareAndSet(false, true)) return;
                SocketTimeoutException timedOut = new SocketTimeoutException("send did not complete within " + timeoutMillis + " ms");
                // Refuse further sends first, so whoever learns of the timeout finds the session given up; then
                // fail the send, then abort. Aborting first could block this timer thread for good: the engine
                // holds the connection while a listener callback runs, and that callback may be waiting for this
                // very send (an @OnMessage joining threads that send, on Tomcat, which delivers no write event to
                // a connection whose thread is inside onDataAvailable).
                close(timedOut);
                try {
                    callback.completed(timedOut);
                } finally {
                    ws.abort();
                }
            }, timeoutMillis, TimeUnit.MILLISECONDS);
            if (done.get()) timeout[0].cancel(false);
        }
        return once;
    }
}
