package io.wsgate.cluster;

/**
 * Carries envelopes from one node to the others (the SPI a cluster transport implements). Delivery is at most once:
 * a broker may drop what it cannot send, and counts it. {@link #publish} must never block for long: it is called by
 * application threads, inside WebSocket callbacks too.
 */
public interface Broker extends AutoCloseable {

    /** What a broker calls back: the local {@link Hub}. */
    interface Node {

        /** This node's id, unique in the cluster; envelopes carry it so a node ignores its own. */
        String id();

        /** An envelope published by any node (this node's own are recognised and ignored). */
        void receive(byte[] envelope);

        /**
         * The envelope announcing this node's presence, to publish every heartbeat interval; it also forgets the
         * nodes not heard from for longer than {@code ttlMillis} (their users leave).
         */
        byte[] heartbeat(long ttlMillis);
    }

    /** Starts carrying envelopes; the node's {@link Node#receive} gets those of the other nodes. */
    void start(Node node);

    /** Sends an envelope to every other node; may drop it (at most once). */
    void publish(byte[] envelope);

    /** Whether other nodes exist at all; false lets the hub skip encoding envelopes. */
    default boolean distributed() { return true; }

    /** Stops carrying envelopes and releases connections and threads. */
    @Override
    void close();
}
