package io.wsgate.jakarta.remote;

/**
 * Marks the threads on which the engine is calling into this layer: listener callbacks and send completions.
 * A blocking send must not wait on such a thread, because the container delivers the write-possible events that
 * complete the send on the same connection thread (Tomcat does not deliver onWritePossible while that thread is
 * inside onDataAvailable): waiting there would deadlock. Every entry point from the engine goes through this layer
 * ({@code JakartaConnection} and {@link Outbound}'s callbacks), so the layer knows without asking the engine.
 */
public final class EngineThread {

    /** Set only while inside the engine: a pooled container thread keeps nothing of ours once it leaves. */
    private static final ThreadLocal<int[]> DEPTH = new ThreadLocal<>();

    private EngineThread() {}

    public static void enter() {
        int[] depth = DEPTH.get();
        if (depth == null) DEPTH.set(depth = new int[1]);
        depth[0]++;
    }

    public static void exit() {
        int[] depth = DEPTH.get();
        if (--depth[0] == 0) DEPTH.remove();
    }

    static boolean isCurrent() {
        int[] depth = DEPTH.get();
        return depth != null && depth[0] > 0;
    }

    /** Whether this thread holds a value of the ThreadLocal (tests). */
    static boolean holdsThreadLocal() {
        return DEPTH.get() != null;
    }
}
