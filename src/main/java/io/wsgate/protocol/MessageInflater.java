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
 * <p>The receiver may pause after any chunk ({@link Output#pauseRequested}: reading suspended, or its outbound queue
 * full): inflating stops there, the compressed input not yet taken is copied (the caller's buffer is reused) and
 * {@link #resume} goes on from it. A few wire bytes can inflate to megabytes, so without this a pause would only
 * take effect after the whole piece, however large it inflates.
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

    // The state bits: a thread is inside inflate or resume, and release was called.
    private static final int INFLATING = 1;
    private static final int RELEASED = 2;

    /** Where inflated data goes. */
    public interface Output {
        /** A piece of the message, valid during the call; {@code last} ends the message (possibly empty). */
        void inflated(ByteBuffer data, boolean last) throws ProtocolException;

        /** Asked after each chunk: whether the receiver wants no more for now (see {@link #resume}). */
        default boolean pauseRequested() {
            return false;
        }
    }

    private final DeflaterPool pool;
    private final boolean keepContext;
    private final AtomicInteger state = new AtomicInteger();
    /** Touched only by the thread inside inflate or resume, or by release once none can be (see the state). */
    private Inflater inflater;
    /** Compressed input not yet taken when the receiver paused (its own copy); null when nothing is pending. */
    private ByteBuffer kept;
    /** Whether the kept piece ends the message, and whether it is the tail appended at the end. */
    private boolean keptEndsMessage;
    private boolean keptIsTail;

    public MessageInflater(DeflaterPool pool, DeflateParameters params) {
        this.pool = pool;
        this.keepContext = params.decompressorKeepsContext();
    }

    /**
     * Inflates one piece of a compressed message's payload into {@code buffer}, handing each chunk to {@code out}.
     * The piece is consumed whatever happens; call only when nothing is {@link #pending}.
     *
     * @param messageEnd whether this piece ends the message
     * @return false if {@code out} paused before the piece was done: {@link #resume} goes on from there
     * @throws ProtocolException 1007 for data that is not valid deflate, or whatever {@code out} throws (a limit)
     */
    public boolean inflate(ByteBuffer compressed, boolean messageEnd, byte[] buffer, Output out)
            throws ProtocolException {
        if (!enter()) {
            compressed.position(compressed.limit());
            return true;   // the connection has ended under us
        }
        boolean done = false;
        try {
            Inflater i = inflater;
            if (i == null) inflater = i = pool.inflater();
            boolean finished = run(i, compressed, false, messageEnd, buffer, out);
            done = true;
            return finished;
        } finally {
            leave(done);
        }
    }

    /**
     * Goes on with what was left when the receiver paused; returns false if it paused again. Does nothing when
     * nothing is pending or this was released.
     */
    public boolean resume(byte[] buffer, Output out) throws ProtocolException {
        if (!enter()) return true;
        boolean done = false;
        try {
            ByteBuffer input = kept;
            boolean finished = true;
            if (input != null) {
                kept = null;
                finished = run(inflater, input, keptIsTail, keptEndsMessage, buffer, out);
            }
            done = true;
            return finished;
        } finally {
            leave(done);
        }
    }

    /** Whether inflating paused with part of a piece left, so {@link #resume} must come before the next piece. */
    public boolean pending() {
        return kept != null && (state.get() & RELEASED) == 0;
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

    /** Inflates {@code input} and, at the message's end, the tail; false if {@code out} paused on the way. */
    private boolean run(Inflater i, ByteBuffer input, boolean isTail, boolean messageEnd, byte[] buffer, Output out)
            throws ProtocolException {
        if (!drain(i, input, buffer, out)) {
            if (!released()) keep(input, isTail, messageEnd);
            return released();
        }
        if (!messageEnd) return true;
        if (!isTail) return run(i, ByteBuffer.wrap(TAIL), true, true, buffer, out);
        out.inflated(ByteBuffer.wrap(buffer, 0, 0), true);
        if (!released()) endMessage(i);
        return true;
    }

    private void keep(ByteBuffer input, boolean isTail, boolean messageEnd) {
        ByteBuffer copy = ByteBuffer.allocate(input.remaining());
        copy.put(input).flip();
        kept = copy;
        keptIsTail = isTail;
        keptEndsMessage = messageEnd;
    }

    private boolean released() {
        return (state.get() & RELEASED) != 0;
    }

    /**
     * Returns true once all of {@code input} is taken and inflated; false if {@code out} paused (the rest of the
     * input remains in it) or the inflater was released by a callback of {@code out}.
     */
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
                    // zlib may hold more output with all input taken: only a further call tells, so even then the
                    // input (possibly empty) is kept and resume asks again
                    if (released() || out.pauseRequested()) return false;
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
        kept = null;
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
