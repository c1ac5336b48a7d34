package io.wsgate.engine;

import io.wsgate.protocol.DeflateParameters;
import io.wsgate.protocol.MessageDeflater;
import io.wsgate.protocol.MessageInflater;

import java.nio.ByteBuffer;

/**
 * permessage-deflate on one connection: what was agreed, the compressing side (used in send order, under the
 * outbound lock) and the decompressing side (used by the reader). Holds no zlib stream while idle: deflaters are
 * borrowed per message, the inflater is created with the first compressed message received (see
 * {@link MessageInflater}), and {@link #release} lets go of everything when the connection ends.
 */
final class ConnectionDeflate implements OutboundMessages.Compressor {

    static final int RSV1 = 0x40;

    private final PerMessageDeflate shared;
    private final DeflateParameters agreed;
    private final MessageDeflater deflater;
    final MessageInflater inflater;
    /** Where the bytes before and after compression are reported (the application's metrics). */
    private final ConnectionCounters counters;

    ConnectionDeflate(PerMessageDeflate shared, DeflateParameters agreed, ConnectionCounters counters) {
        this.shared = shared;
        this.counters = counters;
        this.agreed = agreed;
        this.deflater = new MessageDeflater(shared.pool(), agreed, PerMessageDeflate.HISTORY_BYTES);
        this.inflater = new MessageInflater(shared.pool(), agreed);
    }

    DeflateParameters agreed() {
        return agreed;
    }

    PerMessageDeflate shared() {
        return shared;
    }

    @Override
    public ByteBuffer compress(ByteBuffer payload, Object source) {
        int n = payload.remaining();
        if (n < shared.minMessageSize() || n == 0) return null;
        ByteBuffer compressed;
        if (source instanceof String text) {
            compressed = compressShared(text, payload);
        } else {
            compressed = deflater.compress(payload);
        }
        // Data that does not shrink goes out as it is (RSV1 clear): the client is spared inflating it.
        if (compressed == null || compressed.remaining() >= n) return null;
        counters.compressedOutbound(n, compressed.remaining());
        return compressed;
    }

    /**
     * A String may be a broadcast: compressed without context once and the bytes shared (see
     * {@link BroadcastCache}). A connection that keeps its context compresses a String without it only when the
     * same String was sent before, so a one-off message still gets the better ratio of its history.
     */
    private ByteBuffer compressShared(String text, ByteBuffer payload) {
        BroadcastCache cache = shared.broadcasts();
        boolean huffmanOnly = agreed.huffmanOnly();
        ByteBuffer cached = cache.get(text, huffmanOnly);
        if (cached != null) return cached;
        if (deflater.keepsContext() && !cache.seenBefore(text)) return deflater.compress(payload);
        ByteBuffer alone = MessageDeflater.compressAlone(shared.pool(), huffmanOnly, payload);
        if (alone.remaining() < payload.remaining()) cache.put(text, huffmanOnly, alone);
        return alone;
    }

    @Override
    public void sent(ByteBuffer payload) {
        deflater.sent(payload);
    }

    /** A compressed chunk received: {@code compressed} bytes from the wire gave {@code inflated}. */
    void inflated(int compressed, long inflated) {
        counters.inflatedInbound(compressed, inflated);
    }

    /** The connection has ended: the inflater is ended or given back; idempotent, from any thread. */
    void release() {
        inflater.release();
    }
}
