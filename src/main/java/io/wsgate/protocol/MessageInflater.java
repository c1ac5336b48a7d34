package io.wsgate.protocol;

import java.nio.ByteBuffer;
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
 * ends or returns it, from any thread: the connection may be aborted by a timer while its reader inflates.
 */
public final class MessageInflater {

    private static final byte[] TAIL = {0x00, 0x00, (byte) 0xFF, (byte) 0xFF};

    /** Where inflated data goes. */
    public interface Output {
        /** A piece of the message, valid during the call; {@code last} ends the message (possibly empty). */
        void inflated(ByteBuffer data, boolean last) throws ProtocolException;
    }

    private final DeflaterPool pool;
    private final boolean keepContext;
    private Inflater inflater;
    private boolean released;

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
    public synchronized void inflate(ByteBuffer compressed, boolean messageEnd, byte[] buffer, Output out)
            throws ProtocolException {
        if (released) return;   // the connection has ended under us
        Inflater i = inflater;
        if (i == null) inflater = i = pool.inflater();
        boolean done = false;
        try {
            // The receiver's callbacks may end the connection, and so release this, on this very thread (the
            // monitor is reentrant): the stream is then not touched again.
            if (drain(i, compressed, buffer, out) && messageEnd && drain(i, ByteBuffer.wrap(TAIL), buffer, out)) {
                out.inflated(ByteBuffer.wrap(buffer, 0, 0), true);
                if (!released) endMessage(i);
            }
            done = true;
        } finally {
            // A failure (bad data, a limit) leaves the stream in no known state: nothing more is read from it.
            if (!done) {
                released = true;
                releaseLocked();
            }
        }
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
                    if (released) return false;
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

    /** Ends or gives back the inflater; any later {@link #inflate} does nothing. Idempotent, from any thread. */
    public synchronized void release() {
        released = true;
        releaseLocked();
    }

    private void releaseLocked() {
        Inflater i = inflater;
        inflater = null;
        if (i == null) return;
        if (keepContext) DeflaterPool.end(i);
        else pool.release(i);
    }

    /** Whether an inflater is held now (tests: an idle connection holds none). */
    public synchronized boolean holdsInflater() {
        return inflater != null;
    }
}
