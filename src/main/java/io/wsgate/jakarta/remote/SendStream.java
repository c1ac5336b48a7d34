package io.wsgate.jakarta.remote;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * The OutputStream of {@code getSendStream()}: one binary message sent in parts as the buffer fills, the last
 * part on close. Nothing is sent if nothing was written; once anything was written, close sends a message even if
 * empty.
 */
final class SendStream extends OutputStream {

    private static final int BUFFER = 8192;

    private final BasicRemote remote;
    private byte[] buffer = new byte[BUFFER];
    private int size;
    private boolean written;
    private boolean closed;

    SendStream(BasicRemote remote) {
        this.remote = remote;
    }

    @Override
    public void write(int b) throws IOException {
        if (closed) throw new IOException("stream is closed");
        written = true;
        if (size == buffer.length) sendFull();
        buffer[size++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws IOException {
        if (closed) throw new IOException("stream is closed");
        java.util.Objects.checkFromIndexSize(off, len, bytes.length);
        written = true;
        while (len > 0) {
            if (size == buffer.length) sendFull();
            int n = Math.min(len, buffer.length - size);
            System.arraycopy(bytes, off, buffer, size, n);
            size += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        if (written) remote.sendBinary(ByteBuffer.wrap(buffer, 0, size), true);
        size = 0;
    }

    private void sendFull() throws IOException {
        byte[] full = buffer;
        buffer = new byte[BUFFER];      // the engine may still hold the previous part
        size = 0;
        remote.sendBinary(ByteBuffer.wrap(full), false);
    }
}
