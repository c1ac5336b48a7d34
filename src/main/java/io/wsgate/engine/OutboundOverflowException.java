package io.wsgate.engine;

import java.io.IOException;

/** A send was refused because the connection's outbound queue was full (the peer reads too slowly). */
public final class OutboundOverflowException extends IOException {
    public OutboundOverflowException(long queued, long size, long limit) {
        super("outbound queue full: " + queued + " bytes queued, " + size + " more refused (limit " + limit + ")");
    }
}
