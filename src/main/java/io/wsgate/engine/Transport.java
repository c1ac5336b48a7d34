package io.wsgate.engine;

import java.util.concurrent.ScheduledExecutorService;

/**
 * What the engine needs from the I/O layer of one connection. The servlet layer implements it over the
 * non-blocking {@code WebConnection} streams; tests can implement it over anything.
 */
public interface Transport {

    /**
     * Queues a frame behind those already queued and starts writing if the output is idle. Returns false, queueing
     * nothing, when {@code limit} bytes or more are already queued (an empty queue takes any frame).
     */
    boolean enqueue(OutboundFrame frame, long limit);

    /** Bytes queued and not yet handed to the output. */
    long queuedBytes();

    /** Closes the connection as soon as everything queued so far is written and flushed. */
    void closeAfterFlush();

    /** Closes the connection now; frames still queued fail. */
    void abort();

    /** The timer thread shared by the web application's connections. */
    ScheduledExecutorService scheduler();
}
