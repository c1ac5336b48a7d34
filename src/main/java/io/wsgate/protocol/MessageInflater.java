package io.wsgate.protocol;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses the messages one connection receives (RFC 7692 section 7.2.2): the payload of a compressed
 * message's frames goes through one raw inflater, followed at the message's end by the {@code 00 00 ff ff} the
 * sender removed. Output leaves in chunks of at most the caller's buffer, each handed on before the next is
 * inflated, so the receiver's size limit stops a decompression bomb after at most the limit plus one chunk.
 *
 * <p>When the client keeps its context, the inflater is the connection's own (created with its first compressed
 * message) and must keep the window; otherwise one is borrowed from the pool for each message. {@link #release}
 * ends or returns it, from any thread: the connection may be aborted by a timer while its reader inflates. No lock
 * is held while {@code out} runs (it calls the application, which may abort from another thread while holding a
 * lock of its own that its callback waits for): {@code release} only marks this released when a piece is being
 * inflated, and the inflating thread ends or returns the inflater on its way out.
 */
public final class MessageInflater {

    private static final byte[] TAIL = {0x00, 0x00, (byte) 0xFF, (byte) 0xFF};

    // The state bits: a thread is inside inflate, and release was called.
    private static final int INFLATING = 1;
    private static final int RELEASED = 2;

    /** Where inflated data goes. */
    public interface Output {
        /** A piece of the message, valid during the call; {@code last} ends the message (possibly empty). */
        void inflated(ByteBuffer data, boolean last) throws ProtocolException;
    }

    private final DeflaterPool pool;
    private final boolean keepContext;
    private final AtomicInteger state = new AtomicInteger();
    /** Touched only by the thread inside inflate, or by release once none can be (see the state). */
    private Inflater inflater;

    public MessageInflater(DeflaterPool pool, DeflateParameters params) {
        this.pool = pool;
        this.keepContext = params.decompressorKeepsContext();
    }

    /**
     * Inflates one piece of a compressed message's payload into {@code buffer}, handing each chunk to {@code out}.
     *
     * @param messageEnd whether this piece ends the message
     * @throws ProtocolException 1007 for data that is not valid deflate, or whatever {@code out} throws (a limit)
     */
    public void inflate(ByteBuffer compressed, boolean messageEnd, byte[] buffer, Output out)
            throws ProtocolException {
        if (!enter()) {
            compressed.position(compressed.limit());
            return;   // the connection has ended under us
        }
        boolean done = false;
        try {
            Inflater i = inflater;
            if (i == null) inflater = i = pool.inflater();
            if (drain(i, compressed, buffer, out) && messageEnd && drain(i, ByteBuffer.wrap(TAIL), buffer, out)) {
                out.inflated(ByteBuffer.wrap(buffer, 0, 0), true);
                if (!released()) endMessage(i);
            }
            done = true;
        } finally {
            leave(done);
        }
    }

    private boolean enter() {
        return state.compareAndSet(0, INFLATING);
    }

    private void leave(boolean done) {
        // A failure (bad data, a limit) leaves the stream in no known state: nothing more is read from it.
        if (!done) state.getAndUpdate(s -> s | RELEASED);
        if (!state.compareAndSet(INFLATING, 0)) {
            // released meanwhile (by a callback, a failure, or another thread that left the stream to us)
            state.set(RELEASED);
            releaseStream();
        }
    }

    private boolean released() {
        return (state.get() & RELEASED) != 0;
    }

    /** Returns false if the inflater was released by a callback of {@code out}. */
    private boolean drain(Inflater i, ByteBuffer input, byte[] buffer, Output out) throws ProtocolException {
        if (i.finished()) {
            // A block with BFINAL set ended the stream (RFC 7692 7.2.3.4): what follows it in this message is ignored.
            input.position(input.limit());
            return true;
        }
        i.setInput(input);
        try {
            while (true) {
                int n = i.inflate(buffer);
                if (n > 0) {
                    out.inflated(ByteBuffer.wrap(buffer, 0, n), false);
                    if (released()) return false;
                    continue;
                }
                if (i.needsInput() || i.finished()) break;
                if (i.needsDictionary()) throw new DataFormatException("stream asks for a preset dictionary");
                throw new DataFormatException("inflater made no progress");
            }
        } catch (DataFormatException e) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "compressed message is not valid deflate data: " + e.getMessage());
        }
        input.position(input.limit());
        return true;
    }

    private void endMessage(Inflater i) {
        if (i.finished()) {
            // After a final block the stream cannot go on; the client's next message starts a new one.
            i.reset();
        }
        if (!keepContext) {
            inflater = null;
            pool.release(i);
        }
    }

    /**
     * Ends or gives back the inflater; any later {@link #inflate} does nothing. Idempotent, from any thread, never
     * waits: while a piece is being inflated, the inflating thread lets go of the inflater when it leaves.
     */
    public void release() {
        int s = state.getAndUpdate(v -> v | RELEASED);
        if (s == 0) releaseStream();   // nobody inflating, and nobody can start now
    }

    private void releaseStream() {
        Inflater i = inflater;
        inflater = null;
        if (i == null) return;
        if (keepContext) DeflaterPool.end(i);
        else pool.release(i);
    }

    /** Whether an inflater is held now (tests: an idle connection holds none). */
    public boolean holdsInflater() {
        state.get();   // reads what the last thread to leave wrote
        return inflater != null;
    }
}
