package io.wsgate.servlet;

import io.wsgate.engine.Scheduler;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads wsgate starts for one web application: one timer thread that only schedules, and a small bounded
 * pool of callback threads where timer work (idle, ping, close timeouts) and reads resumed after a pause run. So
 * application code (an {@code onClose}, an {@code @OnMessage} of a resumed read) never runs on the timer thread,
 * where a slow callback would stall every other connection's timers.
 *
 * <p>A third pool runs the handlers of messages read as a stream (a {@code Reader} or {@code InputStream}
 * handler, a stream decoder), which wait for network input for as long as the peer takes to send the message:
 * on the callback pool, a few peers that start a message and then send nothing would hold every callback thread
 * and stop every timer of the application. So those handlers never share a thread with timer work.
 *
 * <p>All three pools start threads on demand and let idle ones end, so an application without WebSocket traffic has
 * none. Threads are daemons with the application's class loader as context class loader while they run (what
 * endpoint code expects, as on the container's own threads), cleared when they end, so a thread object kept
 * somewhere after the application stops does not pin its class loader.
 */
public final class WsgateThreads implements Scheduler {

    private static final System.Logger LOG = System.getLogger(WsgateThreads.class.getName());
    /** Idle threads end after this long. */
    private static final long KEEP_ALIVE_SECONDS = 10;

    private final ScheduledThreadPoolExecutor timer;
    private final ThreadPoolExecutor callbacks;
    private final ThreadPoolExecutor streams;
    /** Every thread started and not yet ended, so shutdown can tell whether all of them have. */
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    /**
     * Most callback threads at once. Timer work shares the pool with application code (a timer's ping completes send
     * callbacks, its close runs onClose), so each application callback that blocks (a database call in a resumed
     * {@code @OnMessage}, a slow {@code onClose}) holds a thread: the pool must be wide enough that a few such
     * endpoints cannot hold every thread and stall all the other connections' timers. Threads start only as work
     * arrives and end after {@link #KEEP_ALIVE_SECONDS} idle.
     */
    static final int CALLBACK_THREADS = 32;

    /**
     * Most stream handlers running at once. Each streamed message in progress holds one thread while its peer sends
     * it, so without a bound a crowd of peers that each start a message and stall could make the application start
     * threads until the JVM cannot start any more. Past the bound a streamed message waits for a thread with its
     * connection's reading paused (what waits for it stays within the stream's bound); nothing else waits.
     * On Tomcat's own implementation such a message holds a container thread (200 by default) the same way.
     */
    static final int STREAM_THREADS = 256;

    /** @param classLoader the application's class loader, context class loader of the threads while they run */
    public WsgateThreads(ClassLoader classLoader) {
        this(classLoader, CALLBACK_THREADS);
    }

    WsgateThreads(ClassLoader classLoader, int callbackThreads) {
        timer = new ScheduledThreadPoolExecutor(1, factory("wsgate-timer", classLoader));
        timer.setRemoveOnCancelPolicy(true);
        timer.setKeepAliveTime(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        // A fixed maximum with an unbounded queue: at most callbackThreads run at once, none while idle (the core
        // threads time out, so the pool is "core 0" in effect), and work is queued, never refused, while it runs.
        callbacks = new ThreadPoolExecutor(callbackThreads, callbackThreads, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), factory("wsgate-callback-", classLoader));
        callbacks.allowCoreThreadTimeOut(true);
        streams = new ThreadPoolExecutor(STREAM_THREADS, STREAM_THREADS, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), factory("wsgate-stream-", classLoader));
        streams.allowCoreThreadTimeOut(true);
    }

    private ThreadFactory factory(String name, ClassLoader classLoader) {
        AtomicInteger count = new AtomicInteger();
        boolean numbered = name.endsWith("-");
        return runnable -> {
            Thread t = new Thread(() -> {
                try {
                    runnable.run();
                } finally {
                    Thread.currentThread().setContextClassLoader(null);
                    threads.remove(Thread.currentThread());
                }
            }, numbered ? name + count.incrementAndGet() : name);
            t.setDaemon(true);
            t.setContextClassLoader(classLoader);
            threads.add(t);
            return t;
        };
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    /** The timer thread only hands the task to a callback thread when it is due. */
    @Override
    public Cancellable schedule(Runnable task, long delayNanos) {
        ScheduledFuture<?> f = timer.schedule(() -> execute(task), delayNanos, TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void execute(Runnable task) {
        try {
            callbacks.execute(task);
        } catch (RejectedExecutionException stopped) {
            LOG.log(System.Logger.Level.DEBUG, "wsgate: application stopping, task dropped");
            throw stopped;
        }
    }

    /**
     * Runs a streamed message's handler, on a thread of its own kind (see {@link #STREAM_THREADS}). Throws
     * RejectedExecutionException once the application is stopping.
     */
    public void executeStream(Runnable handler) {
        streams.execute(handler);
    }

    /**
     * Stops the pools: scheduled tasks are dropped, queued and running callback work may finish within
     * {@code wait}. Returns whether every thread started here has ended.
     */
    public boolean shutdown(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        timer.shutdownNow();
        callbacks.shutdown();
        streams.shutdown();
        try {
            timer.awaitTermination(remaining(deadline), TimeUnit.NANOSECONDS);
            if (!callbacks.awaitTermination(remaining(deadline), TimeUnit.NANOSECONDS)) callbacks.shutdownNow();
            // Connections are closed by now, which ended their streams: a handler still running is the
            // application's own slowness; an interrupt is all that can be done about it.
            if (!streams.awaitTermination(remaining(deadline), TimeUnit.NANOSECONDS)) streams.shutdownNow();
            // awaitTermination returns when the workers are done, a moment before their threads have ended.
            for (Thread t : threads) t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining(deadline))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return threads.stream().noneMatch(Thread::isAlive);
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    /** Threads started and not yet ended (tests). */
    int liveThreads() {
        return (int) threads.stream().filter(Thread::isAlive).count();
    }
}
