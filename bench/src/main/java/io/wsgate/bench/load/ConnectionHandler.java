package io.wsgate.bench.load;

/** What a scenario does with its connections; every call comes on the connection's reactor thread. */
public interface ConnectionHandler {

    /** The 101 arrived and was valid; the connection may send. */
    default void onOpen(ClientConnection connection, long nowNanos) {
    }

    /** An expected message arrived whole and matched byte for byte; {@code sentNanos} is what the expectation carried. */
    default void onMessage(ClientConnection connection, long sentNanos, long nowNanos) {
    }

    /**
     * The connection is gone: {@code clean} after a close handshake followed by the server closing TCP; otherwise
     * it failed (connect, handshake, protocol or byte mismatch, early EOF), already counted in {@link Errors} unless
     * the generator was told to expect disconnects.
     */
    default void onClosed(ClientConnection connection, boolean clean, long nowNanos) {
    }
}
