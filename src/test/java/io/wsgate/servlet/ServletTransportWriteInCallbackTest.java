package io.wsgate.servlet;

import io.wsgate.engine.Scheduler;
import io.wsgate.engine.WebSocketConnection;
import io.wsgate.engine.WebSocketPolicy;
import io.wsgate.engine.WholeMessageListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.WebConnection;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9, item 4, at the transport: inside a container callback no write event comes (onWritePossible is never
 * called here), yet a sender waiting there gets its message written, by itself (writeUntil) or, when it waits for a
 * send callback of its own, by a helper on a callback thread. The output here turns ready again after some polls,
 * as Jetty's does once its pending write completes on another thread.
 */
class ServletTransportWriteInCallbackTest {

    /** Output that refuses the first {@code notReadyPolls} isReady() calls after each write, then takes writes. */
    static final class SlowOutput extends ServletOutputStream {
        volatile int notReadyPolls;
        int pollsAfterWrite;
        long written;
        final List<Thread> writers = new ArrayList<>();

        @Override
        public synchronized boolean isReady() {
            if (pollsAfterWrite > 0) {
                pollsAfterWrite--;
                return false;
            }
            return true;
        }

        @Override public void setWriteListener(WriteListener listener) {}
        @Override public synchronized void write(int b) { write(new byte[] {(byte) b}, 0, 1); }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            written += len;
            writers.add(Thread.currentThread());
            pollsAfterWrite = notReadyPolls;
        }

        synchronized long written() { return written; }
    }

    /** Runs scheduled tasks at once, each on a thread of its own (the delay does not matter here). */
    static final class ThreadScheduler implements Scheduler {
        @Override public long nanoTime() { return System.nanoTime(); }

        @Override
        public Cancellable schedule(Runnable task, long delayNanos) {
            Thread t = new Thread(task, "helper");
            t.setDaemon(true);
            t.start();
            return () -> {};
        }

        @Override public void execute(Runnable task) { schedule(task, 0); }
    }

    private final ServletTransportResumeTest.Input in = new ServletTransportResumeTest.Input();
    private final SlowOutput out = new SlowOutput();

    private ServletTransport transport(Scheduler scheduler) throws Exception {
        WebConnection web = new WebConnection() {
            @Override public ServletInputStream getInputStream() { return in; }
            @Override public ServletOutputStream getOutputStream() { return out; }
            @Override public void close() {}
        };
        return new ServletTransport(web, scheduler, ContainerQuirks.detect("test", "test"), new ReadBuffers(),
                new EndpointMetrics("/test", "/test"));
    }

    private static final int SIZE = 200 * 1024; // four 64 KiB writes, each followed by polls that find the output full

    @Test
    void aSenderWaitingInsideTheReadCallbackWritesItsMessageFromThatThread() throws Exception {
        ServletTransportResumeTest.RecordingScheduler scheduler = new ServletTransportResumeTest.RecordingScheduler();
        ServletTransport transport = transport(scheduler); // its helpers never run: only the waiter can write
        AtomicBoolean sent = new AtomicBoolean();
        AtomicReference<Boolean> wroteItself = new AtomicReference<>();
        WebSocketConnection[] self = new WebSocketConnection[1];
        WholeMessageListener listener = new WholeMessageListener() {
            @Override protected void onText(String message) {
                self[0].sendBinary(ByteBuffer.allocate(SIZE), failure -> sent.set(failure == null));
                wroteItself.set(self[0].writeUntil(sent::get));
            }
            @Override protected void onBinary(ByteBuffer message) {}
        };
        WebSocketConnection connection = new WebSocketConnection(listener, transport, new WebSocketPolicy());
        self[0] = connection;
        transport.start(connection);
        out.notReadyPolls = 3;

        in.add(ServletTransportResumeTest.maskedText("go"));
        transport.onDataAvailable(); // no onWritePossible is ever called in this test

        assertTrue(wroteItself.get(), "the container's thread inside the callback writes");
        assertTrue(sent.get(), "the message was written before the callback returned");
        assertTrue(out.written() > SIZE);
        assertTrue(out.writers.stream().allMatch(t -> t == Thread.currentThread()), "written on the waiting thread");
        assertFalse(connection.writeUntil(() -> true), "outside a callback a sender waits the usual way");
    }

    @Test
    void aCallbackWaitingForItsSendCallbackIsHelpedByAnotherThread() throws Exception {
        ServletTransport transport = transport(new ThreadScheduler());
        CountDownLatch sent = new CountDownLatch(1);
        AtomicReference<Thread> completedOn = new AtomicReference<>();
        AtomicBoolean calledInTime = new AtomicBoolean();
        WebSocketConnection[] self = new WebSocketConnection[1];
        WholeMessageListener listener = new WholeMessageListener() {
            @Override protected void onText(String message) {
                self[0].sendBinary(ByteBuffer.allocate(SIZE), failure -> {
                    completedOn.set(Thread.currentThread());
                    sent.countDown();
                });
                try {
                    calledInTime.set(sent.await(30, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            @Override protected void onBinary(ByteBuffer message) {}
        };
        WebSocketConnection connection = new WebSocketConnection(listener, transport, new WebSocketPolicy());
        self[0] = connection;
        transport.start(connection);
        out.notReadyPolls = 3;

        in.add(ServletTransportResumeTest.maskedText("go"));
        transport.onDataAvailable();

        assertTrue(calledInTime.get(), "the send callback ran while the endpoint waited in its callback");
        assertNotSame(Thread.currentThread(), completedOn.get(), "completed by the helper");
        assertEquals("helper", completedOn.get().getName());
        assertTrue(out.written() > SIZE);
    }

    /**
     * Defect: a helper polled on its pool thread for as long as the callback ran with frames queued, so with an
     * output that takes nothing (a peer that stopped reading) and no send timeout it held a callback thread for
     * ever, one per such connection. Now it gives the thread back once the output made no progress for a while and
     * tries again later (a retry scheduled) while the callback still runs.
     */
    @Test
    void aHelperFacingAnOutputThatTakesNothingGivesItsThreadBackAndTriesAgainLater() throws Exception {
        List<Thread> helpers = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Long> scheduled = new java.util.concurrent.CopyOnWriteArrayList<>();
        Scheduler firstOnly = new Scheduler() {
            @Override public long nanoTime() { return System.nanoTime(); }
            @Override public Cancellable schedule(Runnable task, long delayNanos) {
                scheduled.add(delayNanos);
                if (helpers.isEmpty()) {        // the first helper runs; later ones are only recorded
                    Thread t = new Thread(task, "helper");
                    t.setDaemon(true);
                    helpers.add(t);
                    t.start();
                }
                return () -> {};
            }
            @Override public void execute(Runnable task) { schedule(task, 0); }
        };
        ServletTransport transport = transport(firstOnly);
        CountDownLatch release = new CountDownLatch(1);
        WebSocketConnection[] self = new WebSocketConnection[1];
        WholeMessageListener listener = new WholeMessageListener() {
            @Override protected void onText(String message) {
                self[0].sendBinary(ByteBuffer.allocate(SIZE), failure -> {});
                try {
                    release.await(60, TimeUnit.SECONDS);    // waits for its send callback, say, with no timeout
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            @Override protected void onBinary(ByteBuffer message) {}
        };
        WebSocketConnection connection = new WebSocketConnection(listener, transport, new WebSocketPolicy());
        self[0] = connection;
        transport.start(connection);
        out.notReadyPolls = Integer.MAX_VALUE;          // after the first write the output takes nothing more
        in.add(ServletTransportResumeTest.maskedText("go"));
        Thread callback = new Thread(transport::onDataAvailable, "container");
        callback.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (helpers.isEmpty() && System.nanoTime() < deadline) Thread.onSpinWait();
            assertFalse(helpers.isEmpty(), "a helper was armed");
            helpers.get(0).join(30_000);
            assertFalse(helpers.get(0).isAlive(), "the helper gave its thread back while the callback still runs");
            assertTrue(callback.isAlive());
            assertTrue(scheduled.size() >= 2, "and scheduled a later try: " + scheduled);
        } finally {
            release.countDown();
            callback.join(30_000);
        }
    }

    @Test
    void anotherThreadsSendThatFillsTheOutputWhileACallbackWaitsForItIsHelped() throws Exception {
        // The callback hands the send to another thread and waits for its send callback. That thread's own write
        // fills the output; no write event comes while the callback holds the connection's thread (Tomcat), so
        // a helper must write the rest, or the callback waits for nothing.
        ServletTransport transport = transport(new ThreadScheduler());
        CountDownLatch sent = new CountDownLatch(1);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        AtomicBoolean calledInTime = new AtomicBoolean();
        WebSocketConnection[] self = new WebSocketConnection[1];
        WholeMessageListener listener = new WholeMessageListener() {
            @Override protected void onText(String message) {
                Thread sender = new Thread(() -> self[0].sendBinary(ByteBuffer.allocate(SIZE), failure -> {
                    failed.set(failure);
                    sent.countDown();
                }), "sender");
                sender.start();
                try {
                    calledInTime.set(sent.await(30, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            @Override protected void onBinary(ByteBuffer message) {}
        };
        WebSocketConnection connection = new WebSocketConnection(listener, transport, new WebSocketPolicy());
        self[0] = connection;
        transport.start(connection);
        out.notReadyPolls = 3;

        in.add(ServletTransportResumeTest.maskedText("go"));
        transport.onDataAvailable(); // no onWritePossible is ever called in this test

        assertTrue(calledInTime.get(), "the other thread's send completed while the callback waited; written: "
                + out.written());
        assertEquals(null, failed.get());
        assertTrue(out.written() > SIZE);
    }

    @Test
    void aSendThatFitsIsWrittenOnTheCallbackThreadAtOnce() throws Exception {
        ServletTransport transport = transport(new ThreadScheduler());
        AtomicReference<Thread> completedOn = new AtomicReference<>();
        WebSocketConnection[] self = new WebSocketConnection[1];
        WholeMessageListener listener = new WholeMessageListener() {
            @Override protected void onText(String message) {
                self[0].sendText(message, failure -> completedOn.set(Thread.currentThread()));
            }
            @Override protected void onBinary(ByteBuffer message) {}
        };
        WebSocketConnection connection = new WebSocketConnection(listener, transport, new WebSocketPolicy());
        self[0] = connection;
        transport.start(connection);
        in.add(ServletTransportResumeTest.maskedText("hi"));
        transport.onDataAvailable();
        assertSame(Thread.currentThread(), completedOn.get());
    }
}
