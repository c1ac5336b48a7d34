package io.wsgate.engine;

/**
 * What a connection reports for monitoring (the servlet layer sums it per endpoint and shows it over JMX). Called
 * on the connection's hot paths, on whatever thread is reading or sending: implementations must be cheap (a
 * {@code LongAdder}, no lock, no allocation) and must never throw or block.
 */
public interface ConnectionCounters {

    /** Counts nothing: connections outside any application (tests). */
    ConnectionCounters NONE = new ConnectionCounters() {};

    /** A whole text or binary message arrived (its last frame); pings, pongs and close frames are not messages. */
    default void messageReceived() {}

    /** A send was refused because it did not fit under the outbound bound ({@code maxOutboundBytes}). */
    default void sendRefusedByOutboundBound() {}

    /**
     * permessage-deflate compressed an outgoing message's payload from {@code before} to {@code after} bytes.
     * The hook for the compression extension: nothing calls it until that extension exists.
     */
    default void compressedOutbound(long before, long after) {}

    /**
     * permessage-deflate inflated an incoming message's payload from {@code before} to {@code after} bytes.
     * The hook for the compression extension: nothing calls it until that extension exists.
     */
    default void inflatedInbound(long before, long after) {}
}
