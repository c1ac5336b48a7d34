package io.wsgate.jakarta.session;

import java.io.IOException;
import java.io.InputStream;

/**
 * The {@link InputStream} a binary message handler or stream decoder reads while the message arrives. A read
 * blocks until data arrives, returns -1 at the end of the message, and throws an IOException if the message was
 * cut off (a close, a limit) or once the handler has returned.
 */
final class StreamInputStream extends InputStream {

    private final InboundStream stream;
    private boolean closed;

    StreamInputStream(InboundStream stream) {
        this.stream = stream;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, into.length);
        if (closed) throw new IOException("the InputStream is closed");
        return stream.read(into, offset, length);
    }

    @Override
    public int available() {
        return closed ? 0 : stream.available();
    }

    /** Closing does not end the message: the rest is dropped when the handler returns. */
    @Override
    public void close() {
        closed = true;
    }
}
