package io.wsgate.engine;

import io.wsgate.protocol.DeflaterPool;

import java.util.ArrayDeque;
import java.util.zip.Deflater;

/**
 * What the connections of one application share for permessage-deflate (RFC 7692): the pool of zlib streams, the
 * buffers inflated data passes through, the cache that compresses a broadcast once, and the settings. The owner
 * (the servlet layer's upgrader) calls {@link #close} when the application stops, which ends every pooled stream.
 */
public final class PerMessageDeflate implements AutoCloseable {

    /** Default of {@link #minMessageSize}: below it deflate rarely saves more than its own cost in bytes and time. */
    public static final int DEFAULT_MIN_MESSAGE_SIZE = 128;
    /**
     * How much of its earlier messages a connection with context takeover lets the next message refer back into,
     * kept on the heap once it has sent a compressed message. Measured on 2,000 chat-like JSON messages of about
     * 1 KiB (level 6): compressed to 36.6% without context, 23.2% with 2 KiB of history, 22.6% with 4 KiB, 21.8%
     * with 8 KiB, 20.7% with 32 KiB or with a deflater of its own (260 KiB of native memory per connection, what
     * Tomcat and Jetty keep); see README.
     */
    public static final int HISTORY_BYTES = 4 * 1024;
    /** Inflated data is handed to the endpoint in chunks of at most this size (the limit's overshoot). */
    static final int INFLATE_CHUNK = 16 * 1024;

    private final DeflaterPool pool;
    private final int minMessageSize;
    private final BroadcastCache broadcasts = new BroadcastCache();
    private final ArrayDeque<byte[]> buffers = new ArrayDeque<>();
    private final int maxIdleBuffers;

    /**
     * @param minMessageSize messages smaller than this (in bytes, before compression) are sent uncompressed
     */
    public PerMessageDeflate(int minMessageSize) {
        if (minMessageSize < 0) throw new IllegalArgumentException("minMessageSize must not be negative, not " + minMessageSize);
        this.minMessageSize = minMessageSize;
        int idle = DeflaterPool.defaultMaxIdle();
        this.pool = new DeflaterPool(Deflater.DEFAULT_COMPRESSION, idle);
        this.maxIdleBuffers = idle;
    }

    public int minMessageSize() {
        return minMessageSize;
    }

    public DeflaterPool pool() {
        return pool;
    }

    BroadcastCache broadcasts() {
        return broadcasts;
    }

    /** A buffer for inflated data, borrowed for one piece of input. */
    byte[] buffer() {
        synchronized (buffers) {
            byte[] b = buffers.pollFirst();
            if (b != null) return b;
        }
        return new byte[INFLATE_CHUNK];
    }

    void release(byte[] buffer) {
        synchronized (buffers) {
            if (buffers.size() < maxIdleBuffers) buffers.addFirst(buffer);
        }
    }

    /** The application stopped: pooled streams are ended now, and streams given back later are ended then. */
    @Override
    public void close() {
        pool.close();
        broadcasts.clear();
        synchronized (buffers) {
            buffers.clear();
        }
    }
}
