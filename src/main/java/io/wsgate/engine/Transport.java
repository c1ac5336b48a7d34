package io.wsgate.engine;

/**
 * What the engine needs from the I/O layer of one connection. The servlet layer implements it over the
 * non-blocking {@code WebConnection} streams; tests implement it in memory.
 *
 * <p>The engine does the accounting of what is queued (see {@link OutboundBudget}); the transport only keeps the
 * frames in order, writes them, and calls {@link OutboundFrame#complete} once for each, written or dropped.
 */
public interface Transport {

    /** What became of a frame offered to {@link #enqueue}. */
    enum Offer { QUEUED, CLOSED }

    /**
     * Queues a frame behind those already queued, without writing: the caller may hold locks (that is how it keeps
     * frames in order), so writing, and the send callbacks that writing completes, wait for {@link #flush}.
     * Answers CLOSED, queuing nothing, when the connection is closed.
     */
    Offer enqueue(OutboundFrame frame);

    /**
     * Writes what the output accepts now and completes the frames written, on this thread. Call it holding no
     * lock: completing a frame runs its send callback, application code.
     */
    void flush();

    /** Closes the connection as soon as everything queued so far is written and flushed. */
    void closeAfterFlush();

    /** Closes the connection now; frames still queued are completed with a failure. */
    void abort();

    /**
     * Reading paused because the outbound queue was full ({@link WebSocketConnection#onBytes} returned false) and
     * may go on: read again, starting with {@link WebSocketConnection#readyForInput}, on a thread that is neither
     * the caller's (an application thread inside a send, say) nor a timer thread, or on the container's thread
     * that is completing writes. May be called while a read is still running: then read again after it.
     */
    void resumeReading();

    /**
     * Writes from the calling thread until {@code done} answers true, if that thread is inside one of the
     * container's callbacks of this connection: the container delivers no write event to a connection while its
     * thread is in a callback, so a sender waiting there for its frames must write them itself. Returns false at
     * once, doing nothing, on any other thread (the caller waits the usual way: the write events come). Returns
     * true when {@code done}, when the connection has closed (its frames are then completed), or when the thread
     * is interrupted (its flag set again). Call it holding no lock; the wait is bounded by whoever completes the
     * frames, the send timeout at the latest.
     */
    default boolean writeUntil(java.util.function.BooleanSupplier done) {
        return false;
    }

    /** Time, timers and callback threads for this connection. */
    Scheduler scheduler();
}
