package io.wsgate.protocol;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The zlib streams of one application's permessage-deflate, with explicit ownership of their native memory.
 *
 * <p>A JDK {@link Deflater} holds about 260 KiB of native memory whatever its level (zlib's window, hash chains
 * and pending buffer; the JDK fixes {@code memLevel} 8 and a 32 KiB window), an {@link Inflater} about 7 KiB plus a
 * 32 KiB window once used. None of it is on the Java heap, so the garbage collector neither sees the pressure nor
 * frees it in time: every stream here is {@code end()}ed explicitly. Compression borrows a deflater for one
 * message only (context takeover is kept as a dictionary, see {@link MessageDeflater}), and decompression borrows
 * an inflater for one message when the client keeps no context: connections hold none while idle. Streams given
 * back are reset and kept for the next borrower, up to {@link #maxIdle} of each kind; the rest are ended.
 * {@link #close} ends the idle ones and makes every later give-back end its stream (the application stopped).
 */
public final class DeflaterPool implements AutoCloseable {

    /** Streams alive (created and not yet ended) in the whole JVM, for tests and leak checks. */
    private static final AtomicLong LIVE_DEFLATERS = new AtomicLong();
    private static final AtomicLong LIVE_INFLATERS = new AtomicLong();

    private final int level;
    private final int maxIdle;
    private final ArrayDeque<Deflater> deflaters = new ArrayDeque<>();
    private final ArrayDeque<Deflater> huffmanDeflaters = new ArrayDeque<>();
    private final ArrayDeque<Inflater> inflaters = new ArrayDeque<>();
    private boolean closed;

    /**
     * @param level   the deflate level of ordinary (not Huffman-only) compression
     * @param maxIdle streams of each kind kept for reuse
     */
    public DeflaterPool(int level, int maxIdle) {
        this.level = level;
        this.maxIdle = maxIdle;
    }

    /** Idle streams kept for a machine with {@code cpus} processors: one borrower per busy thread, a few more. */
    public static int defaultMaxIdle() {
        return Math.min(16, 2 * Runtime.getRuntime().availableProcessors());
    }

    /** A reset raw-deflate stream; Huffman-only (no back-references) for a client's window smaller than 32 KiB. */
    public Deflater deflater(boolean huffmanOnly) {
        synchronized (this) {
            Deflater d = (huffmanOnly ? huffmanDeflaters : deflaters).pollFirst();
            if (d != null) return d;
        }
        Deflater d = new Deflater(huffmanOnly ? Deflater.DEFAULT_COMPRESSION : level, true);
        if (huffmanOnly) d.setStrategy(Deflater.HUFFMAN_ONLY);
        LIVE_DEFLATERS.incrementAndGet();
        return d;
    }

    /** Takes back a stream from {@link #deflater}: kept for reuse, or ended. */
    public void release(Deflater d, boolean huffmanOnly) {
        d.reset();
        synchronized (this) {
            ArrayDeque<Deflater> idle = huffmanOnly ? huffmanDeflaters : deflaters;
            if (!closed && idle.size() < maxIdle) {
                idle.addFirst(d);
                return;
            }
        }
        end(d);
    }

    /** A reset raw-inflate stream (it reads any window size up to 32 KiB). */
    public Inflater inflater() {
        synchronized (this) {
            Inflater i = inflaters.pollFirst();
            if (i != null) return i;
        }
        LIVE_INFLATERS.incrementAndGet();
        return new Inflater(true);
    }

    /** Takes back a stream from {@link #inflater}: kept for reuse, or ended. */
    public void release(Inflater i) {
        i.reset();
        synchronized (this) {
            if (!closed && inflaters.size() < maxIdle) {
                inflaters.addFirst(i);
                return;
            }
        }
        end(i);
    }

    /** Ends a stream that will not be reused (one that kept a connection's context, or one that failed). */
    public static void end(Inflater i) {
        i.end();
        LIVE_INFLATERS.decrementAndGet();
    }

    private static void end(Deflater d) {
        d.end();
        LIVE_DEFLATERS.decrementAndGet();
    }

    /** Ends every idle stream; streams given back from now on are ended too. */
    @Override
    public void close() {
        Deflater[] ds;
        Inflater[] is;
        synchronized (this) {
            closed = true;
            ds = deflaters.toArray(new Deflater[0]);
            Deflater[] hs = huffmanDeflaters.toArray(new Deflater[0]);
            is = inflaters.toArray(new Inflater[0]);
            deflaters.clear();
            huffmanDeflaters.clear();
            inflaters.clear();
            for (Deflater h : hs) end(h);
        }
        for (Deflater d : ds) end(d);
        for (Inflater i : is) end(i);
    }

    /** Streams kept for reuse now (tests). */
    public synchronized int idle() {
        return deflaters.size() + huffmanDeflaters.size() + inflaters.size();
    }

    /** Deflaters created and not yet ended, in the whole JVM. */
    public static long liveDeflaters() {
        return LIVE_DEFLATERS.get();
    }

    /** Inflaters created and not yet ended, in the whole JVM. */
    public static long liveInflaters() {
        return LIVE_INFLATERS.get();
    }
}
