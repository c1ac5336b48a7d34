package io.wsgate.client;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The bytes of one connection over a non-blocking channel: in the clear, or through TLS. No method blocks; each
 * says what it needs to go on, and the connection arms the selector for it.
 */
interface Wire {

    /** Drives the TLS handshake as far as it can go now: 0 once done, else the interest op it waits for. */
    int handshake() throws IOException;

    /**
     * Reads plaintext into {@code dst} (at least {@link #minReadBuffer} bytes free); returns the bytes added, 0 when
     * nothing is there now, -1 at the end of the stream.
     */
    int read(ByteBuffer dst) throws IOException;

    /**
     * Writes what it can of {@code src}; returns true when everything handed to it is on the channel (src drained
     * and nothing held back), false when the channel is full (wait for OP_WRITE and call again).
     */
    boolean write(ByteBuffer src) throws IOException;

    /** Smallest read buffer {@link #read} works with. */
    int minReadBuffer();

    /** Says goodbye at this layer (TLS close_notify), best effort, before the channel is closed. */
    void closeOutbound();

    boolean isSecure();
}
