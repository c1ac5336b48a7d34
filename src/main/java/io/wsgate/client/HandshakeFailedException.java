package io.wsgate.client;

import java.io.IOException;

/**
 * The server's answer to the opening handshake is not a WebSocket upgrade wsgate can accept (RFC 6455 section
 * 4.1): the message says which check failed and what the server sent. {@link #status} is the HTTP status, or -1
 * when the answer was not HTTP at all.
 */
public final class HandshakeFailedException extends IOException {

    private final int status;

    public HandshakeFailedException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
