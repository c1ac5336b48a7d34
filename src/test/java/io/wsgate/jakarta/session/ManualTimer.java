package io.wsgate.jakarta.session;

import io.wsgate.engine.Scheduler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A timer driven by the test: tasks run only when {@link #advance} moves its clock past them. */
final class ManualTimer implements Scheduler {

    private final List<Task> tasks = new ArrayList<>();
    private long now = 1_000_000_000L;
    private int scheduled;

    @Override
    public synchronized long nanoTime() { return now; }

    /** Timer tasks ever scheduled. */
    synchronized int scheduled() { return scheduled; }

    /** Timer tasks scheduled and neither run nor cancelled. */
    synchronized int live() {
        return tasks.size();
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
                next = tasks.stream().filter(t -> t.at <= until).min(Comparator.comparingLong(t -> t.at)).orElse(null);
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
    public synchronized Cancellable schedule(Runnable command, long delayNanos) {
        scheduled++;
        Task task = new Task(now + delayNanos, command);
        tasks.add(task);
        return () -> {
            synchronized (ManualTimer.this) {
                tasks.remove(task);
            }
        };
    }

    @Override
    public void execute(Runnable command) { command.run(); }

    private record Task(long at, Runnable command) {}
}
