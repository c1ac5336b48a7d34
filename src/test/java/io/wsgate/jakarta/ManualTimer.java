package io.wsgate.jakarta;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** A timer driven by the test: tasks run only when {@link #advance} moves its clock past them. */
final class ManualTimer extends AbstractExecutorService implements ScheduledExecutorService {

    private final List<Task> tasks = new ArrayList<>();
    private long now = 1_000_000_000L;
    private int scheduled;

    synchronized long nanoTime() { return now; }

    /** Timer tasks ever scheduled. */
    synchronized int scheduled() { return scheduled; }

    /** Timer tasks scheduled and neither run nor cancelled. */
    synchronized int live() {
        return (int) tasks.stream().filter(t -> !t.cancelled).count();
    }

    /** Moves the clock on and runs the tasks that became due, earliest first, outside the timer's lock. */
    void advance(long millis) {
        long until;
        synchronized (this) {
            until = now + TimeUnit.MILLISECONDS.toNanos(millis);
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream().filter(t -> !t.cancelled && t.at <= until)
                        .min(Comparator.comparingLong(t -> t.at)).orElse(null);
                if (next == null) {
                    now = until;
                    return;
                }
                tasks.remove(next);
                now = Math.max(now, next.at);
            }
            next.command.run();
        }
    }

    @Override
    public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        scheduled++;
        Task task = new Task(now + unit.toNanos(delay), command);
        tasks.add(task);
        return task;
    }

    private final class Task implements ScheduledFuture<Object> {
        final long at;
        final Runnable command;
        volatile boolean cancelled;

        Task(long at, Runnable command) {
            this.at = at;
            this.command = command;
        }

        @Override public boolean cancel(boolean mayInterrupt) {
            synchronized (ManualTimer.this) {
                cancelled = true;
                tasks.remove(this);
            }
            return true;
        }
        @Override public boolean isCancelled() { return cancelled; }
        @Override public boolean isDone() { return cancelled; }
        @Override public Object get() { throw new UnsupportedOperationException(); }
        @Override public Object get(long timeout, TimeUnit unit) { throw new UnsupportedOperationException(); }
        @Override public long getDelay(TimeUnit unit) { return unit.convert(at - nanoTime(), TimeUnit.NANOSECONDS); }
        @Override public int compareTo(Delayed o) { return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS)); }
    }

    @Override public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) { throw new UnsupportedOperationException(); }
    @Override public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) { throw new UnsupportedOperationException(); }
    @Override public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) { throw new UnsupportedOperationException(); }
    @Override public void shutdown() {}
    @Override public List<Runnable> shutdownNow() { return List.of(); }
    @Override public boolean isShutdown() { return false; }
    @Override public boolean isTerminated() { return false; }
    @Override public boolean awaitTermination(long timeout, TimeUnit unit) { return true; }
    @Override public void execute(Runnable command) { command.run(); }
}
