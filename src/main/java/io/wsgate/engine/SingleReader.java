package io.wsgate.engine;

import java.util.function.BooleanSupplier;

/**
 * Runs a transport's read pass on one thread at a time: a thread that asks while another reads leaves it a note,
 * and the reader makes one more pass before it stops, so no data event or resume is lost and no thread blocks on
 * another's read. Shared by the transports (servlet, HTTP/2 tunnel, client), which read the same way.
 *
 * <p>It has no lock of its own: its two flags are guarded by the transport's monitor, given at construction,
 * because the transport's other paths (a resume, a close) decide on them together with its own state under that
 * same monitor. The methods said to need the lock must be called holding it.
 */
public final class SingleReader {

    private final Object lock;
    private final Runnable readPass;
    private final BooleanSupplier closed;

    // Guarded by lock.
    /** A thread is in {@link #read}. */
    private boolean active;
    /** Someone asked to read while a pass was running: the reader makes another before it stops. */
    private boolean again;

    /**
     * @param lock the transport's monitor, which guards this reader's state
     * @param readPass reads while there is input and the engine takes it; called without the lock
     * @param closed whether the transport is closed; called with the lock held, so it may read guarded state
     */
    public SingleReader(Object lock, Runnable readPass, BooleanSupplier closed) {
        this.lock = lock;
        this.readPass = readPass;
        this.closed = closed;
    }

    /** Reads now, or, if another thread is reading, leaves it a note to read again. */
    public void read() {
        synchronized (lock) {
            if (!enter()) return;
        }
        do {
            readPass.run();
        } while (!stop());
    }

    /** Ends the reading unless someone asked to read meanwhile (a resume, or the container's data event). */
    private boolean stop() {
        synchronized (lock) {
            if (again && !closed.getAsBoolean()) {
                again = false;
                return false;
            }
            active = false;
            return true;
        }
    }

    /**
     * With the lock held: becomes the reader and returns true, or, if a thread is reading, leaves it a note and
     * returns false. A reader that entered here must {@link #leave}.
     */
    public boolean enter() {
        if (active) {
            again = true;
            return false;
        }
        active = true;
        again = false;
        return true;
    }

    /** With the lock held: stops being the reader; returns whether someone asked to read meanwhile. */
    public boolean leave() {
        boolean asked = again;
        active = false;
        again = false;
        return asked;
    }

    /** With the lock held: if a thread is reading, leaves it a note to read again and returns true. */
    public boolean askReader() {
        if (!active) return false;
        again = true;
        return true;
    }
}
