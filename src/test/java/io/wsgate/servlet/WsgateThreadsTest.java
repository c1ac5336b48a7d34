package io.wsgate.servlet;

import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Defect 7: timer work runs on callback threads, never the timer thread; shutdown ends every thread. */
class WsgateThreadsTest {

    private final ClassLoader appLoader = new URLClassLoader(new URL[0], getClass().getClassLoader());

    @Test
    void scheduledWorkRunsOnACallbackThreadWithTheApplicationsClassLoader() throws Exception {
        WsgateThreads threads = new WsgateThreads(appLoader);
        try {
            CompletableFuture<Thread> ranOn = new CompletableFuture<>();
            CompletableFuture<ClassLoader> loader = new CompletableFuture<>();
            threads.schedule(() -> {
                loader.complete(Thread.currentThread().getContextClassLoader());
                ranOn.complete(Thread.currentThread());
            }, TimeUnit.MILLISECONDS.toNanos(10));
            Thread t = ranOn.get(10, TimeUnit.SECONDS);
            assertTrue(t.getName().startsWith("wsgate-callback-"), t.getName());
            assertTrue(t.isDaemon());
            assertSame(appLoader, loader.get());
        } finally {
            assertTrue(threads.shutdown(Duration.ofSeconds(10)));
        }
    }

    /** A slow callback does not hold up another connection's timer. */
    @Test
    void aBlockedCallbackDoesNotStallTheTimer() throws Exception {
        WsgateThreads threads = new WsgateThreads(appLoader, 2);
        CountDownLatch release = new CountDownLatch(1);
        try {
            threads.schedule(() -> {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, 0);
            CompletableFuture<Void> other = new CompletableFuture<>();
            threads.schedule(() -> other.complete(null), TimeUnit.MILLISECONDS.toNanos(20));
            other.get(10, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            assertTrue(threads.shutdown(Duration.ofSeconds(10)));
        }
    }

    /** A stream handler runs on a stream thread, with the application's class loader; shutdown ends it too. */
    @Test
    void streamHandlersRunOnStreamThreadsThatShutdownEnds() throws Exception {
        WsgateThreads threads = new WsgateThreads(appLoader);
        CompletableFuture<Thread> handler = new CompletableFuture<>();
        CompletableFuture<ClassLoader> loader = new CompletableFuture<>();
        threads.executeStream(() -> {
            loader.complete(Thread.currentThread().getContextClassLoader());
            handler.complete(Thread.currentThread());
        });
        Thread t = handler.get(10, TimeUnit.SECONDS);
        assertTrue(t.getName().startsWith("wsgate-stream-"), t.getName());
        assertSame(appLoader, loader.get());
        assertTrue(threads.shutdown(Duration.ofSeconds(10)), "every thread ended");
        assertFalse(t.isAlive());
        assertThrows(RejectedExecutionException.class, () -> threads.executeStream(() -> {}));
    }

    @Test
    void shutdownEndsEveryThreadAndClearsTheirClassLoader() throws Exception {
        WsgateThreads threads = new WsgateThreads(appLoader);
        CompletableFuture<Thread> worker = new CompletableFuture<>();
        threads.execute(() -> worker.complete(Thread.currentThread()));
        CompletableFuture<Thread> timerWork = new CompletableFuture<>();
        threads.schedule(() -> timerWork.complete(Thread.currentThread()), 1);
        timerWork.get(10, TimeUnit.SECONDS);
        Thread t = worker.get(10, TimeUnit.SECONDS);
        assertTrue(threads.shutdown(Duration.ofSeconds(10)), "every thread ended");
        assertEquals(0, threads.liveThreads());
        assertFalse(t.isAlive());
        assertNull(t.getContextClassLoader(), "an ended thread keeps no application class loader");
        assertThrows(RejectedExecutionException.class, () -> threads.execute(() -> {}));
        assertThrows(RejectedExecutionException.class, () -> threads.schedule(() -> {}, 1));
    }

    @Test
    void shutdownReportsAThreadThatDoesNotEndInTime() throws Exception {
        WsgateThreads threads = new WsgateThreads(appLoader);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        threads.execute(() -> {
            started.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                // shutdownNow after the wait interrupts it; hold on regardless
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    // give up
                }
            }
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        assertFalse(threads.shutdown(Duration.ofMillis(100)));
        release.countDown();
        assertTrue(threads.shutdown(Duration.ofSeconds(10)), "ends once the callback returns");
    }
}
