package io.wsgate.engine;

/**
 * Time and threads for the engine: a clock, delayed tasks and a way to run work off the calling thread. The
 * servlet layer implements it with one timer thread per web application that only schedules, and a small pool of
 * callback threads where every task runs, so application code never runs on (and never stalls) the timer
 * thread. Tests implement it with a fake clock that runs due tasks as time is advanced.
 */
public interface Scheduler {

    /** Monotonic time in nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    /**
     * Runs {@code task} on a callback thread (never the timer thread) after {@code delayNanos}. Throws
     * {@link java.util.concurrent.RejectedExecutionException} once the application has stopped the scheduler.
     */
    Cancellable schedule(Runnable task, long delayNanos);

    /** Runs {@code task} soon on a callback thread; throws RejectedExecutionException once stopped. */
    void execute(Runnable task);

    /** A scheduled task that may still be called off. */
    @FunctionalInterface
    interface Cancellable {
        /** Calls the task off if it has not started; a task already running finishes. */
        void cancel();
    }
}
