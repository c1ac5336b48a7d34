package io.wsgate.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * A clock that moves only when told, and the tasks it runs: {@link #advance} moves time forward, running each
 * task as it falls due (in due order) on the calling thread; work handed to {@link #execute} runs at the next
 * {@link #runReady}/{@link #advance}. No threads, no sleeps.
 */
final class FakeScheduler implements Scheduler {

    private static final class Task {
        final long due;
        final long seq;
        final Runnable run;
        boolean cancelled;

        Task(long due, long seq, Runnable run) {
            this.due = due;
            this.seq = seq;
            this.run = run;
        }
    }

    private long now = 1_000_000_000L;
    private long seq;
    private final List<Task> tasks = new ArrayList<>();
    private final List<Runnable> ready = new ArrayList<>();
    /** Cancelling does nothing: a task cancelled too late runs anyway, as on a real timer. */
    boolean cancelTooLate;
    boolean stopped;

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized Cancellable schedule(Runnable task, long delayNanos) {
        if (stopped) throw new RejectedExecutionException("stopped");
        Task t = new Task(now + delayNanos, seq++, task);
        tasks.add(t);
        return () -> {
            synchronized (this) {
                if (!cancelTooLate) t.cancelled = true;
            }
        };
    }

    @Override
    public synchronized void execute(Runnable task) {
        if (stopped) throw new RejectedExecutionException("stopped");
        ready.add(task);
    }

    /** Tasks scheduled and not cancelled. */
    synchronized int pending() {
        return (int) tasks.stream().filter(t -> !t.cancelled).count();
    }

    /** Runs the work handed to execute(). */
    void runReady() {
        while (true) {
            Runnable r;
            synchronized (this) {
                if (ready.isEmpty()) return;
                r = ready.remove(0);
            }
            r.run();
        }
    }

    void advanceMillis(long millis) {
        advance(millis * 1_000_000L);
    }

    /** Moves time on by {@code nanos}, running every task that falls due on the way, at its due time. */
    void advance(long nanos) {
        long end;
        synchronized (this) {
            end = now + nanos;
        }
        runReady();
        while (true) {
            Task next;
            synchronized (this) {
                tasks.removeIf(t -> t.cancelled);
                next = tasks.stream().filter(t -> t.due <= end)
                        .min(Comparator.<Task>comparingLong(t -> t.due).thenComparingLong(t -> t.seq)).orElse(null);
                if (next == null) {
                    now = end;
                    break;
                }
                tasks.remove(next);
                if (next.due > now) now = next.due;
            }
            next.run.run();
            runReady();
        }
    }

    synchronized long millis() {
        return now / 1_000_000L;
    }
}
