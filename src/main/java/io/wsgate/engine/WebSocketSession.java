package io.wsgate.engine;

import java.nio.ByteBuffer;

/**
 * The send side of one connection, safe to use from any thread. Sends are queued in order in a queue bounded
 * in bytes; a send that does not fit fails through its callback with {@link OutboundOverflowException}.
 * Buffers handed in must not be changed until the callback has run.
 */
public interface WebSocketSession {

    void sendText(String text, SendCallback callback);

    void sendBinary(ByteBuffer data, SendCallback callback);

    /** One fragment of a text message; fragments of one message must not interleave with other messages. */
    void sendTextPart(String part, boolean last, SendCallback callback);

    void sendBinaryPart(ByteBuffer part, boolean last, SendCallback callback);

    void sendPing(ByteBuffer payload, SendCallback callback);

    void sendPong(ByteBuffer payload, SendCallback callback);

    /** Starts the closing handshake (RFC 6455 section 7); {@code reason} is at most 123 UTF-8 bytes. */
    void close(int code, String reason);

    /** Ends the connection at once, without a closing handshake (reported as 1006). */
    void abort();

    boolean isOpen();

    /** Limits and timeouts of this connection; changes apply to what arrives next. */
    WebSocketPolicy policy();

    /** Call after changing {@link #policy()}'s frame limit or timers, so they apply from now on. */
    void policyChanged();

    /**
     * Delivers no more message data after the chunk being delivered now, until {@link #resumeReading}: for a
     * listener that hands data to another thread (a stream read by the application) and must bound what waits
     * there. Nothing is read meanwhile (TCP pushes back on the peer; pings wait too). Any thread.
     */
    void suspendReading();

    /** Reads again after {@link #suspendReading}; does nothing if reading was not suspended. Any thread. */
    void resumeReading();

    /** Bytes queued and not yet written to the container. */
    long queuedBytes();

    /**
     * Whether the calling thread is inside a callback of this connection's listener. A send made there must not
     * wait for its completion: the container may only write once that callback has returned.
     */
    boolean isCallbackThread();

    /**
     * Batching: while on, sends are queued but not written until {@link #flushBatch}, until a batch of 64 KiB is
     * held back, or until batching is turned off (which writes the batch); their callbacks run once written.
     */
    default void batching(boolean on) {
    }

    default boolean isBatching() {
        return false;
    }

    /** Writes what batching held back; returns at once (the sends' callbacks tell when they are written). */
    default void flushBatch() {
    }

    /**
     * For a sender that must wait for its send inside a callback of this connection (a blocking send): writes
     * from this thread until {@code done} answers true, if it is the container's thread, on which no write event
     * comes while the callback runs. Returns false at once on any other thread, where waiting is safe as it is.
     * See {@link Transport#writeUntil}.
     */
    default boolean writeUntil(java.util.function.BooleanSupplier done) {
        return false;
    }
}
