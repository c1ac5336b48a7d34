package io.wsgate.engine;

import java.util.concurrent.ScheduledExecutorService;

/**
 * What the engine needs from the I/O layer of one connection. The servlet layer implements it over the
 * non-blocking {@code WebConnection} streams; tests can implement it over anything.
 */
public interface Transport {

    /** What became of a frame offered to {@link #enqueue}. */
    enum Offer { QUEUED, FULL, CLOSED }

    /**
     * Queues a frame behind those already queued, without writing: the caller may hold locks (that is how it keeps
     * frames in order), so writing, and the send callbacks that writing completes, wait for {@link #flush}. Queues
     * nothing and answers FULL when {@code limit} bytes or more are already queued (an empty queue takes any frame),
     * CLOSED when the connection is closed.
     */
    Offer enqueue(OutboundFrame frame, long limit);

    /**
     * Writes what the output accepts now and runs the callbacks of the frames written, on this thread. Call it
     * holding no lock: the callbacks are application code.
     */
    void flush();

    /** Bytes queued and not yet handed to the output. */
    long queuedBytes();

    /** Closes the connection as soon as everything queued so far is written and flushed. */
    void closeAfterFlush();

    /** Closes the connection now; frames still queued fail. */
    void abort();

    /** The timer thread shared by the web application's connections. */
    ScheduledExecutorService scheduler();
}
