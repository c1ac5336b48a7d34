package io.wsgate.jakarta;

import io.wsgate.engine.SendCallback;
import io.wsgate.engine.WebSocketSession;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The send side of one session on top of the engine's queue, which keeps the fragments of a partial message
 * together (a whole message sent from another thread meanwhile waits until the partial one ends, instead of
 * failing with IllegalStateException). Here: the thread sending a partial message may not interleave it with its
 * own other messages, send timeouts, and send completions marked as engine-thread calls.
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
    /** The thread sending a partial message, and its type, until its last part. */
    private volatile Thread fragmentThread;
    private volatile Type fragmentType;
    private volatile IOException closed;

    /** @param timer runs send timeouts; null for none (unit tests) */
    Outbound(WebSocketSession ws, ScheduledExecutorService timer) {
        this.ws = ws;
        this.timer = timer;
    }

    void text(String text, boolean blocking, long timeoutMillis, SendCallback callback) {
        TimedCallback timed = new TimedCallback(callback, timeoutMillis);
        submit(new Send(Type.TEXT, false, true, text, null, timed), blocking);
        timed.arm();
    }

    void binary(ByteBuffer data, boolean blocking, long timeoutMillis, SendCallback callback) {
        TimedCallback timed = new TimedCallback(callback, timeoutMillis);
        submit(new Send(Type.BINARY, false, true, null, data, timed), blocking);
        timed.arm();
    }

    void textPart(String part, boolean last, boolean blocking, long timeoutMillis, SendCallback callback) {
        TimedCallback timed = new TimedCallback(callback, timeoutMillis);
        submit(new Send(Type.TEXT, true, last, part, null, timed), blocking);
        timed.arm();
    }

    void binaryPart(ByteBuffer part, boolean last, boolean blocking, long timeoutMillis, SendCallback callback) {
        TimedCallback timed = new TimedCallback(callback, timeoutMillis);
        submit(new Send(Type.BINARY, true, last, null, part, timed), blocking);
        timed.arm();
    }

    void ping(ByteBuffer payload, long timeoutMillis, SendCallback callback) {
        TimedCallback timed = new TimedCallback(callback, timeoutMillis);
        submit(new Send(Type.PING, false, true, null, payload, timed), false);
        timed.arm();
    }

    void pong(ByteBuffer payload, long timeoutMillis, SendCallback callback) {
        TimedCallback timed = new TimedCallback(callback, timeoutMillis);
        submit(new Send(Type.PONG, false, true, null, payload, timed), false);
        timed.arm();
    }

    /** Later sends fail at once with {@code cause}. */
    void close(IOException cause) {
        if (closed == null) closed = cause;
    }

    /**
     * Hands a send to the engine, which keeps the fragments of a partial message together and queues whole
     * messages from other threads behind it. No lock is held here: the engine may complete sends, and so run
     * application callbacks, before returning.
     */
    private void submit(Send send, boolean blocking) {
        IOException refused = closed;
        if (refused != null) {
            send.callback().completed(refused);
            return;
        }
        if (!send.control()) {
            boolean ownPartialOpen = fragmentThread == Thread.currentThread();
            if (ownPartialOpen && send.part() && send.type() != fragmentType || ownPartialOpen && !send.part() && blocking) {
                // A whole message would wait behind this thread's own unfinished one for ever; parts of another
                // type cannot go into it.
                throw new IllegalStateException("a partial " + fragmentType.name().toLowerCase()
                        + " message is being sent by this thread; send its last part first");
            }
            if (send.part()) {
                fragmentType = send.last() ? null : send.type();
                fragmentThread = send.last() ? null : Thread.currentThread();
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
    }

    /**
     * A send's callback with its timeout. The timer is armed only after the send was handed to the engine and
     * only if it has not completed by then: most sends are written at once, and scheduling (then cancelling) a
     * timer task for each would cost more than the write.
     */
    private final class TimedCallback implements SendCallback {
        private final SendCallback callback;
        private final long timeoutMillis;
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile ScheduledFuture<?> timeout;

        TimedCallback(SendCallback callback, long timeoutMillis) {
            this.callback = callback;
            this.timeoutMillis = timeoutMillis;
        }

        @Override
        public void completed(Throwable failure) {
            if (!done.compareAndSet(false, true)) return;
            ScheduledFuture<?> t = timeout;
            if (t != null) t.cancel(false);
            EngineThread.enter();
            try {
                callback.completed(failure);
            } finally {
                EngineThread.exit();
            }
        }

        void arm() {
            if (timer == null || timeoutMillis <= 0 || done.get()) return;
            ScheduledFuture<?> t = timer.schedule(this::expire, timeoutMillis, TimeUnit.MILLISECONDS);
            timeout = t;
            if (done.get()) t.cancel(false);
        }

        private void expire() {
            if (!done.compareAndSet(false, true)) return;
            SocketTimeoutException timedOut = new SocketTimeoutException("send did not complete within " + timeoutMillis + " ms");
            // Refuse further sends first, so whoever learns of the timeout finds the session given up; then fail
            // the send, then abort. Aborting first could block this timer thread for good: the engine holds the
            // connection while a listener callback runs, and that callback may be waiting for this very send (an
            // @OnMessage joining threads that send, on Tomcat, which delivers no write event to a connection whose
            // thread is inside onDataAvailable).
            close(timedOut);
            try {
                callback.completed(timedOut);
            } finally {
                ws.abort();
            }
        }
    }
}
