package io.wsgate.servlet;

/**
 * Read buffers shared by one web application's connections. A read borrows one only for as long as it takes to
 * parse what arrived (the parser keeps nothing of it), so an idle connection holds none. A pool owned by the
 * application rather than a ThreadLocal: container threads outlive a redeployed application, and a ThreadLocal
 * value would keep its class loader alive.
 */
final class ReadBuffers {

    static final int SIZE = 32 * 1024;
    /** Buffers kept for reuse; busier moments allocate more and let the collector have them. */
    private static final int KEEP = 16;

    private final byte[][] free = new byte[KEEP][];
    private int count;

    synchronized byte[] take() {
        if (count == 0) return new byte[SIZE];
        byte[] buffer = free[--count];
        free[count] = null;
        return buffer;
    }

    synchronized void give(byte[] buffer) {
        if (count < KEEP) free[count++] = buffer;
    }
}
