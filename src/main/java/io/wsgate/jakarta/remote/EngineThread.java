package io.wsgate.jakarta.remote;

/**
 * Marks the threads on which the engine is calling into this layer: listener callbacks and send completions.
 * A blocking send must not wait on such a thread, because the container delivers the write-possible events that
 * complete the send on the same connection thread (Tomcat does not deliver onWritePossible while that thread is
 * inside onDataAvailable): waiting there would deadlock. Every entry point from the engine goes through this layer
 * ({@code JakartaConnection} and {@link Outbound}'s callbacks), so the layer knows without asking the engine.
 */
public final class EngineThread {

    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private EngineThread() {}

    public static void enter() {
        DEPTH.get()[0]++;
    }

    public static void exit() {
        DEPTH.get()[0]--;
    }

    static boolean isCurrent() {
        return DEPTH.get()[0] > 0;
    }
}
