package io.wsgate.client;

import io.wsgate.engine.Scheduler;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of one client container: one selector thread that waits for readiness and for timers, and a pool of
 * callback threads where everything else runs (reads, writes completed, application code, timer tasks). The
 * selector thread starts with the first connection and ends once none is left; callback threads start as work
 * arrives and end after {@value #KEEP_ALIVE_SECONDS} s idle. All are daemons: a client never keeps a JVM alive.
 *
 * <p>The selector thread never runs application code, so a slow endpoint cannot stall the other connections' I/O
 * or timers; it only turns a ready key into a task for the pool, removing the ready interest first (the task arms
 * it again when it needs more).
 *
 * <p>Handlers of messages read as a stream run on a pool of their own ({@link #executeStream}): they wait for data
 * that only a read on the callback pool can deliver, so on that pool a few of them would hold every thread and
 * stop every read, timer and write of the client for good.
 */
public final class ClientLoop implements Scheduler {

    private static final System.Logger LOG = System.getLogger(ClientLoop.class.getName());
    private static final int CALLBACK_THREADS = 8;
    /**
     * Most stream handlers running at once: each holds a thread while its message arrives; past this, a streamed
     * message waits for a thread with its connection's reading paused (see WsgateThreads.STREAM_THREADS).
     */
    private static final int STREAM_THREADS = 256;
    private static final long KEEP_ALIVE_SECONDS = 10;
    private static final AtomicInteger LOOPS = new AtomicInteger();

    /** What a registered channel does when it is ready; called on the selector thread, must not block. */
    interface Ready {
        void ready(int readyOps);

        /** The loop is shutting down with this connection still open: end it now. */
        void drop(IOException cause);
    }

    private record Timed(long due, long seq, Runnable task) implements Comparable<Timed> {
        @Override
        public int compareTo(Timed o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final String name;
    private final ThreadPoolExecutor callbacks;
    private final ThreadPoolExecutor streams;
    private final Object lock = new Object();
    // Guarded by lock.
    private final PriorityQueue<Timed> timers = new PriorityQueue<>();
    private final List<Runnable> onLoop = new ArrayList<>();
    private long timerSeq;
    private int connections;
    private boolean stopped;
    /** Connections registered and not yet released. */
    private final java.util.Set<Ready> live = new java.util.HashSet<>();
    private Selector selector;
    private Thread thread;

    public ClientLoop() {
        this.name = "wsgate-client-" + LOOPS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        this.callbacks = new ThreadPoolExecutor(CALLBACK_THREADS, CALLBACK_THREADS, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> pooled(r, name + "-callback-" + n.incrementAndGet()));
        callbacks.allowCoreThreadTimeOut(true);
        AtomicInteger m = new AtomicInteger();
        this.streams = new ThreadPoolExecutor(STREAM_THREADS, STREAM_THREADS, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> pooled(r, name + "-stream-" + m.incrementAndGet()));
        streams.allowCoreThreadTimeOut(true);
    }

    /**
     * The pools' threads, so shutdown can join them: an executor reports termination while its last thread is still
     * on its way out. Threads that ended (idle) are dropped as new ones start.
     */
    private final java.util.Set<Thread> poolThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private Thread pooled(Runnable r, String threadName) {
        poolThreads.removeIf(t -> t.getState() == Thread.State.TERMINATED);
        Thread t = daemon(r, threadName);
        poolThreads.add(t);
        return t;
    }

    private static Thread daemon(Runnable r, String threadName) {
        Thread t = new Thread(r, threadName);
        t.setDaemon(true);
        return t;
    }

    // ---- connections

    /** A connection starts: the selector thread runs from now until the last connection is released. */
    void acquire() throws IOException {
        synchronized (lock) {
            if (stopped) throw new IOException("the WebSocket client has been shut down (its application stopped)");
            connections++;
            if (thread != null) return;
            try {
                selector = Selector.open();
            } catch (IOException e) {
                connections--;
                throw e;
            }
            Selector s = selector;
            thread = daemon(() -> run(s), name + "-selector");
            thread.start();
        }
    }

    /** A connection has ended (its channel is closed). */
    void release(Ready connection) {
        synchronized (lock) {
            live.remove(connection);
            if (connections > 0) connections--;
            if (selector != null) selector.wakeup();
            lock.notifyAll();
        }
    }

    /** Registers {@code channel} for {@code ops} on the selector thread; {@code onKey} receives the key. */
    void register(SocketChannel channel, int ops, Ready ready, java.util.function.Consumer<SelectionKey> onKey) {
        synchronized (lock) {
            live.add(ready);
        }
        onLoop(() -> {
            try {
                onKey.accept(channel.register(selectorOfThisThread(), ops, ready));
            } catch (ClosedChannelException closed) {
                LOG.log(Level.DEBUG, "wsgate client: channel closed before it was registered");
            }
        });
    }

    private Selector selectorOfThisThread() {
        synchronized (lock) {
            return selector;
        }
    }

    /** Adds {@code ops} to what {@code key} waits for. */
    void interest(SelectionKey key, int ops) {
        try {
            key.interestOpsOr(ops);
        } catch (java.nio.channels.CancelledKeyException closed) {
            return;
        }
        key.selector().wakeup();
    }

    private void onLoop(Runnable task) {
        synchronized (lock) {
            onLoop.add(task);
            if (selector != null) selector.wakeup();
        }
    }

    /** Number of connections not yet released (tests). */
    public int connections() {
        synchronized (lock) {
            return connections;
        }
    }

    /** The selector thread, while it runs (tests). */
    public Thread selectorThread() {
        synchronized (lock) {
            return thread;
        }
    }

    /**
     * Ends the loop: waits up to {@code wait} for the connections to close, drops those still open, stops the
     * callback threads and joins every thread. For an owner that stops (a web application); no connection can be
     * opened afterwards.
     */
    public void shutdown(java.time.Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        Thread selectorThread;
        List<Ready> left = new ArrayList<>();
        synchronized (lock) {
            stopped = true;
            while (connections > 0 && deadline - System.nanoTime() > 0) {
                try {
                    lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            selectorThread = thread;
            left.addAll(live);
        }
        IOException cause = new IOException("the WebSocket client is shutting down (its application stopped)");
        for (Ready r : left) r.drop(cause); // each releases its connection
        callbacks.shutdown();
        streams.shutdown();
        try {
            if (selectorThread != null) selectorThread.join(5_000);
            callbacks.awaitTermination(5, TimeUnit.SECONDS);
            // The connections are gone, which ended their streams: a handler still running gets an interrupt.
            if (!streams.awaitTermination(5, TimeUnit.SECONDS)) streams.shutdownNow();
            long joinBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);    // one bound for them all
            for (Thread t : poolThreads) t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinBy - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the selector thread

    private void run(Selector s) {
        try {
            while (true) {
                long waitMillis;
                List<Runnable> tasks;
                List<Runnable> due = new ArrayList<>();
                synchronized (lock) {
                    if (connections == 0 && onLoop.isEmpty()) {
                        thread = null;
                        selector = null;
                        timers.clear(); // timers belong to connections, and none is left
                        break;
                    }
                    tasks = new ArrayList<>(onLoop);
                    onLoop.clear();
                    long now = System.nanoTime();
                    while (!timers.isEmpty() && timers.peek().due() - now <= 0) due.add(timers.poll().task());
                    waitMillis = timers.isEmpty() ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(timers.peek().due() - now) + 1);
                }
                for (Runnable t : tasks) t.run();
                for (Runnable t : due) execute(t);
                if (!tasks.isEmpty() || !due.isEmpty()) {
                    s.selectNow();
                } else {
                    s.select(waitMillis);
                }
                for (SelectionKey key : s.selectedKeys()) {
                    if (!key.isValid()) continue;
                    try {
                        int ready = key.readyOps();
                        key.interestOpsAnd(~ready);
                        ((Ready) key.attachment()).ready(ready);
                    } catch (java.nio.channels.CancelledKeyException | java.util.concurrent.RejectedExecutionException gone) {
                        // the connection closed meanwhile, or the loop is shutting down
                    }
                }
                s.selectedKeys().clear();
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "wsgate client: selector thread failed; its connections are dropped", e);
            List<Ready> left;
            synchronized (lock) {
                thread = null;
                selector = null;
                left = new ArrayList<>(live);
            }
            IOException cause = new IOException("the WebSocket client's selector failed: " + e, e);
            for (Ready r : left) r.drop(cause); // never a connection left hanging without its selector
        } finally {
            try {
                s.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "wsgate client: closing the selector failed", e);
            }
        }
    }

    // ---- Scheduler

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Cancellable schedule(Runnable task, long delayNanos) {
        Timed t;
        synchronized (lock) {
            t = new Timed(System.nanoTime() + delayNanos, timerSeq++, task);
            timers.add(t);
            if (selector != null) selector.wakeup();
        }
        return () -> {
            synchronized (lock) {
                timers.remove(t);
            }
        };
    }

    @Override
    public void execute(Runnable task) {
        callbacks.execute(task);
    }

    /** Runs a streamed message's handler on a stream thread; RejectedExecutionException once shut down. */
    public void executeStream(Runnable handler) {
        streams.execute(handler);
    }
}
