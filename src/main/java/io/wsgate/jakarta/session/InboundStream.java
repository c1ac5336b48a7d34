package io.wsgate.jakarta.session;

import io.wsgate.engine.WebSocketSession;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Hands the data of one incoming message from the reading thread to the application thread reading it as a
 * stream, in bounded memory: the reading thread queues copies of the chunks (its buffer is pooled, so it cannot
 * lend it), and suspends reading from the network once {@link #SUSPEND_AT} bytes wait; the reader resumes it
 * when it has taken them down to half that. At most {@code SUSPEND_AT} plus one chunk (one read buffer) waits.
 *
 * <p>Once the message is complete, reading stays suspended until the handler has returned ({@link #finish}), so
 * the next message is not delivered while the application still handles this one. A message cut off (a close, a
 * failure) ends the stream with an IOException for the reader; data already complete is still readable.
 *
 * <p>For text, a chunk ending inside a UTF-8 sequence keeps those (at most three) bytes back for the next one,
 * so every queued chunk decodes on its own (the engine has validated the UTF-8 before it delivers).
 *
 * <p>Created when a streamed message starts and dropped when it ends: an idle connection holds none.
 */
final class InboundStream {

    /** Bytes waiting for the reader at which reading from the network is suspended. */
    static final int SUSPEND_AT = 32 * 1024;

    private final WebSocketSession ws;
    private final boolean text;

    // Guarded by this.
    private final ArrayDeque<ByteBuffer> chunks = new ArrayDeque<>(4);
    private int waiting;
    private boolean complete;
    private IOException failure;
    /** This stream has reading suspended (waiting data is full, or the message is complete). */
    private boolean holdsReading;
    /** The handler returned: whatever still comes of the message is dropped. */
    private boolean finished;

    // Only the reading thread.
    private byte[] tail;
    private int tailLength;

    // Only the application's thread.
    private ByteBuffer current;

    InboundStream(WebSocketSession ws, boolean text) {
        this.ws = ws;
        this.text = text;
    }

    // ---- the reading thread

    /** Queues a copy of {@code chunk}; suspends reading when enough waits or the message is complete. */
    void push(ByteBuffer chunk, boolean last) {
        ByteBuffer copy = copy(chunk, last);
        synchronized (this) {
            if (finished || failure != null) return;
            if (copy.hasRemaining()) {
                chunks.add(copy);
                waiting += copy.remaining();
            }
            if (last) complete = true;
            if ((last || waiting >= SUSPEND_AT) && !holdsReading) {
                holdsReading = true;
                // Under this lock, so the reader's resume can never overtake this suspension.
                ws.suspendReading();
            }
            notifyAll();
        }
    }

    private ByteBuffer copy(ByteBuffer chunk, boolean last) {
        byte[] copy = new byte[tailLength + chunk.remaining()];
        if (tailLength > 0) System.arraycopy(tail, 0, copy, 0, tailLength);
        chunk.duplicate().get(copy, tailLength, chunk.remaining());
        int keep = text && !last ? incompleteUtf8(copy) : 0;
        if (keep > 0) {
            if (tail == null) tail = new byte[3];
            System.arraycopy(copy, copy.length - keep, tail, 0, keep);
        }
        tailLength = keep;
        return ByteBuffer.wrap(copy, 0, copy.length - keep);
    }

    /** How many bytes at the end of valid UTF-8 {@code bytes} begin a sequence that continues in the next chunk. */
    static int incompleteUtf8(byte[] bytes) {
        for (int back = 1; back <= 3 && back <= bytes.length; back++) {
            int b = bytes[bytes.length - back] & 0xFF;
            if ((b & 0xC0) == 0x80) continue;          // a continuation byte: the lead is further back
            int length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return length > back ? back : 0;
        }
        return 0;
    }

    /**
     * The message was cut off: the reader's next read fails with {@code cause}, unless the message is complete
     * (then what it has not read yet is still there for it). Any thread.
     */
    synchronized void fail(IOException cause) {
        if (complete || finished || failure != null) return;
        failure = cause;
        chunks.clear();
        waiting = 0;
        notifyAll();
    }

    // ---- the application's thread

    /** Makes {@link #current} hold unread bytes, waiting for them to arrive; false at the end of the message. */
    private boolean nextChunk() throws IOException {
        if (current != null && current.hasRemaining()) return true;
        synchronized (this) {
            while (chunks.isEmpty() && !complete && failure == null && !finished) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for the rest of the WebSocket message");
                }
            }
            if (failure != null) throw new IOException(failure.getMessage(), failure);
            if (finished) throw new IOException("the WebSocket message handler has returned: the stream is closed");
            current = chunks.poll();
            if (current == null) return false;     // complete, and all read
            waiting -= current.remaining();
            if (holdsReading && !complete && waiting <= SUSPEND_AT / 2) {
                holdsReading = false;
                ws.resumeReading();
            }
            return true;
        }
    }

    /** Reads up to {@code length} bytes as InputStream.read does: -1 at the end of the message. */
    int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) return 0;
        if (!nextChunk()) return -1;
        int n = Math.min(length, current.remaining());
        current.get(into, offset, n);
        return n;
    }

    /**
     * The unread rest of the current chunk, or the next one once it arrives; null at the end of the message. The
     * caller consumes it (advances its position); what it leaves is returned by the next call.
     */
    ByteBuffer chunk() throws IOException {
        return nextChunk() ? current : null;
    }

    /** Bytes readable without waiting. */
    int available() {
        ByteBuffer c = current;
        if (c != null && c.hasRemaining()) return c.remaining();
        synchronized (this) {
            return chunks.isEmpty() ? 0 : chunks.peek().remaining();
        }
    }

    // ---- when the handler has returned

    /**
     * The handler returned: drops what it did not read and what is still to come of the message, and lets the
     * connection read again (the next message may now be delivered).
     */
    void finish() {
        synchronized (this) {
            if (finished) return;
            finished = true;
            chunks.clear();
            waiting = 0;
            notifyAll();
            if (holdsReading) {
                holdsReading = false;
                ws.resumeReading();
            }
        }
    }
}
