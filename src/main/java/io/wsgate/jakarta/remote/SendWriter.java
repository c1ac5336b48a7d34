package io.wsgate.jakarta.remote;

import java.io.IOException;
import java.io.Writer;

/**
 * The Writer of {@code getSendWriter()}: one text message sent in parts as the buffer fills, the last part on
 * close. Nothing is sent if nothing was written; once anything was written, close sends a message even if empty.
 */
final class SendWriter extends Writer {

    private static final int BUFFER = 8192;

    private final BasicRemote remote;
    private final StringBuilder buffer = new StringBuilder(BUFFER);
    private boolean written;
    private boolean closed;

    SendWriter(BasicRemote remote) {
        this.remote = remote;
    }

    @Override
    public void write(char[] chars, int off, int len) throws IOException {
        if (closed) throw new IOException("writer is closed");
        java.util.Objects.checkFromIndexSize(off, len, chars.length);
        written = true;
        buffer.append(chars, off, len);
        if (buffer.length() >= BUFFER) sendFull();
    }

    @Override
    public void flush() throws IOException {
        if (closed) throw new IOException("writer is closed");
        // Parts go out as the buffer fills; a flush does not end the message, so nothing to do until then.
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        if (written) remote.sendText(buffer.toString(), true);
        buffer.setLength(0);
    }

    private void sendFull() throws IOException {
        int end = buffer.length();
        // Never split a surrogate pair between two parts: each part is encoded to UTF-8 on its own.
        if (Character.isHighSurrogate(buffer.charAt(end - 1))) end--;
        if (end == 0) return;
        String part = buffer.substring(0, end);
        buffer.delete(0, end);
        remote.sendText(part, false);
    }
}
