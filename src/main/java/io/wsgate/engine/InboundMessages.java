package io.wsgate.engine;

import io.wsgate.protocol.ClosePayload;
import io.wsgate.protocol.CloseCodes;
import io.wsgate.protocol.FrameHandler;
import io.wsgate.protocol.FrameParser;
import io.wsgate.protocol.MessageInflater;
import io.wsgate.protocol.Opcode;
import io.wsgate.protocol.ProtocolException;
import io.wsgate.protocol.Utf8Validator;

import java.nio.ByteBuffer;

/**
 * The receive side of one connection: parses the bytes read, checks message limits from each frame header before
 * anything is buffered, validates UTF-8, and hands chunks and control frames to the connection.
 *
 * <p>Reading pushes back: after each call into the listener, if the outbound queue has reached its bound, parsing
 * stops at once. The unparsed rest of the read buffer (pooled and shared, so it cannot be kept) is copied into a
 * buffer of this connection's own, held only while paused, and parsed first when reading resumes. The listener may
 * also suspend reading (a stream handler on another thread has enough to read): the same pause, lifted by
 * {@link #resumeSuspended}. A compressed message pauses between its inflated chunks too (a few wire bytes may
 * inflate to megabytes): the inflater keeps the compressed rest of the piece, and is drained before the held bytes.
 */
final class InboundMessages implements FrameHandler, MessageInflater.Output {

    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    /** What the receive side needs from its connection. */
    interface Sink {
        /** Whether data frames are still delivered (the connection is open). */
        boolean acceptsData();

        /** Whether nothing more is to be parsed (the connection is closed). */
        boolean ended();

        WebSocketPolicy policy();

        void dataChunk(int opcode, ByteBuffer payload, boolean last);

        void ping(ByteBuffer payload);

        void pong(ByteBuffer payload);

        void close(ClosePayload close);

        /** A limit, invalid UTF-8 or broken framing ({@code framingBroken}): the connection fails. */
        void failed(ProtocolException e, boolean framingBroken);
    }

    private final Sink sink;
    private final OutboundBudget budget;
    private final FrameParser parser;
    /** Null when permessage-deflate was not negotiated. */
    private final ConnectionDeflate deflate;

    // The message in progress.
    private int messageOpcode;
    private boolean frameFin;
    private long messageLength;
    private int messageFrames;
    /** Whether the message in progress is compressed (RSV1 on its first frame): limits apply to its inflated size. */
    private boolean messageCompressed;
    /** Wire bytes of a compressed message so far: bounded too, since empty deflate blocks inflate to nothing. */
    private long compressedLength;
    private Utf8Validator utf8;

    /** Bytes read but not parsed while reading is paused; null otherwise. */
    private volatile ByteBuffer held;
    /** The listener asked for no more data for now (see {@link WebSocketSession#suspendReading}). */
    private volatile boolean suspended;

    InboundMessages(Sink sink, OutboundBudget budget, long maxFramePayload) {
        this(sink, budget, maxFramePayload, io.wsgate.protocol.Role.SERVER, null);
    }

    InboundMessages(Sink sink, OutboundBudget budget, long maxFramePayload, io.wsgate.protocol.Role role,
                    ConnectionDeflate deflate) {
        this.sink = sink;
        this.parser = new FrameParser(this, role);
        this.budget = budget;
        this.deflate = deflate;
        parser.maxFramePayload(maxFramePayload);
        if (deflate != null) parser.allowedRsv(ConnectionDeflate.RSV1);
    }

    void maxFramePayload(long bytes) {
        parser.maxFramePayload(bytes);
    }

    /**
     * Parses {@code bytes}; returns false if reading paused (the queue is full), the rest then held here. The
     * caller must not read again until {@link #resume} returns true.
     */
    boolean feed(ByteBuffer bytes) {
        parse(bytes);
        if (sink.ended() || parser.isFailed()) {
            held = null;
            return true; // nothing more is parsed; the transport is closing
        }
        if (bytes.hasRemaining()) {
            ByteBuffer copy = ByteBuffer.allocate(bytes.remaining());
            copy.put(bytes).flip();
            held = copy;
            return false;
        }
        return !paused();
    }

    /**
     * Parses what was held while paused; returns whether the caller may read more (false: still or again paused).
     */
    boolean resume() {
        if (paused()) return false;
        ByteBuffer rest = held;
        parse(rest == null ? NOTHING : rest);   // the inflater's pending output first
        if (sink.ended() || parser.isFailed()) {
            held = null;
            return true;
        }
        if ((rest == null || !rest.hasRemaining()) && !inflating()) {
            held = null;
            return !paused();
        }
        return false; // paused again: the rest stays held
    }

    private boolean paused() {
        return suspended || budget.inputPaused();
    }

    /**
     * Stops parsing after the current call into the listener (or before the next chunk, when called from another
     * thread), until {@link #resumeSuspended}.
     */
    void suspend() {
        suspended = true;
    }

    /** Lifts {@link #suspend}; returns whether reading was suspended, so the transport must be asked to read. */
    boolean resumeSuspended() {
        if (!suspended) return false;
        suspended = false;
        return true;
    }

    /** Bytes held while paused (for tests). */
    int heldBytes() {
        ByteBuffer h = held;
        return h == null ? 0 : h.remaining();
    }

    /** The connection has ended: let go of anything held, the inflater included (from any thread). */
    void release() {
        held = null;
        if (deflate != null) deflate.release();
    }

    private void parse(ByteBuffer bytes) {
        while (!sink.ended() && !parser.isFailed()) {
            if (!finishInflating() || !bytes.hasRemaining()) return;
            try {
                parser.parse(bytes);
            } catch (ProtocolException e) {
                sink.failed(e, parser.isFailed());
                // A limit or invalid UTF-8 leaves the framing intact: reading goes on to find the peer's close.
                continue;
            }
            if (paused()) return;
        }
    }

    /** Whether a compressed piece paused part way: its rest must be inflated before anything else is parsed. */
    private boolean inflating() {
        return deflate != null && deflate.inflater.pending();
    }

    /** Inflates what a pause left, unless paused again; returns whether nothing is left. */
    private boolean finishInflating() {
        boolean ran = false;
        while (inflating()) {
            if (paused() || sink.ended() || parser.isFailed()) return false;
            ran = true;
            try {
                runInflater(null, false);
            } catch (ProtocolException e) {
                sink.failed(e, parser.isFailed());   // the inflater let go of its stream: nothing is pending now
            }
        }
        // As after every other call into the listener: the piece's last chunk may have suspended reading or filled
        // the queue, and then the next frame waits.
        if (ran && (budget.pauseIfFull() || suspended)) return false;
        return true;
    }

    /** After each call into the listener: stop parsing if our answers have filled the queue. */
    private void pushBack() {
        if (budget.pauseIfFull() || suspended) parser.stop();
    }

    @Override
    public void onDataFrame(int opcode, boolean fin, long payloadLength) throws ProtocolException {
        if (!sink.acceptsData()) return; // after our close frame, data is read and dropped
        if (opcode != Opcode.CONTINUATION) {
            messageOpcode = opcode;
            messageLength = 0;
            messageFrames = 0;
            messageCompressed = (parser.frameRsv() & ConnectionDeflate.RSV1) != 0;
            compressedLength = 0;
            if (opcode == Opcode.TEXT) utf8().reset();
        }
        frameFin = fin;
        WebSocketPolicy policy = sink.policy();
        long max = messageOpcode == Opcode.TEXT ? policy.maxTextMessageSize() : policy.maxBinaryMessageSize();
        if (!messageCompressed) {
            messageLength += payloadLength;
        } else if (max > 0 && (compressedLength += payloadLength) > 2 * max + 1024) {
            // A compressed message is counted as it inflates (below); its wire size is bounded as well, generously
            // (deflate can grow incompressible data a little), so a stream of empty blocks cannot go on for ever.
            throw new ProtocolException(CloseCodes.MESSAGE_TOO_BIG, "compressed message of at least "
                    + compressedLength + " bytes on the wire exceeds twice the limit of " + max);
        }
        if (max > 0 && messageLength > max) {
            throw new ProtocolException(CloseCodes.MESSAGE_TOO_BIG,
                    "message of at least " + messageLength + " bytes exceeds the limit of " + max);
        }
        int maxFrames = policy.maxFramesPerMessage();
        if (maxFrames > 0 && ++messageFrames > maxFrames) {
            throw new ProtocolException(CloseCodes.MESSAGE_TOO_BIG, "message has more than " + maxFrames + " frames");
        }
    }

    @Override
    public void onDataPayload(ByteBuffer payload, boolean frameEnd) throws ProtocolException {
        if (!sink.acceptsData()) return;
        boolean last = frameEnd && frameFin;
        if (!payload.hasRemaining() && !last) return;
        if (messageCompressed) {
            if (!runInflater(payload, last)) {
                parser.stop();   // paused inside the piece: the inflater kept its rest
                return;
            }
        } else {
            deliver(payload, last);
        }
        pushBack();
    }

    /**
     * Inflates {@code payload}, or with null goes on with what a pause left; returns false if paused (again)
     * before the piece was done.
     */
    private boolean runInflater(ByteBuffer payload, boolean last) throws ProtocolException {
        PerMessageDeflate shared = deflate.shared();
        byte[] buffer = shared.buffer();
        int compressed = payload == null ? 0 : payload.remaining();
        long before = messageLength;
        try {
            boolean done = payload == null ? deflate.inflater.resume(buffer, this)
                    : deflate.inflater.inflate(payload, last, buffer, this);
            deflate.inflated(compressed, messageLength - before);
            return done;
        } finally {
            shared.release(buffer);
        }
    }

    /** Asked by the inflater after each chunk: the same pause as {@link #pushBack}, inside a piece. */
    @Override
    public boolean pauseRequested() {
        return budget.pauseIfFull() || suspended;
    }

    /**
     * A chunk of a compressed message, inflated: the size limit is checked here, chunk by chunk, so a small frame
     * that would inflate to gigabytes stops after at most the limit plus one chunk.
     */
    @Override
    public void inflated(ByteBuffer data, boolean last) throws ProtocolException {
        messageLength += data.remaining();
        WebSocketPolicy policy = sink.policy();
        long max = messageOpcode == Opcode.TEXT ? policy.maxTextMessageSize() : policy.maxBinaryMessageSize();
        if (max > 0 && messageLength > max) {
            throw new ProtocolException(CloseCodes.MESSAGE_TOO_BIG,
                    "compressed message inflates to more than the limit of " + max + " bytes");
        }
        if (!data.hasRemaining() && !last) return;
        // the connection may have closed while a paused piece waited: the rest is inflated (the limit holds) unseen
        if (sink.acceptsData()) deliver(data, last);
    }

    private void deliver(ByteBuffer payload, boolean last) throws ProtocolException {
        if (messageOpcode == Opcode.TEXT) {
            Utf8Validator v = utf8();
            if (!v.feed(payload) || (last && !v.isComplete())) {
                throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "text message is not valid UTF-8");
            }
        }
        sink.dataChunk(messageOpcode, payload, last);
    }

    @Override
    public void onControlFrame(int opcode, ByteBuffer payload) throws ProtocolException {
        switch (opcode) {
            case Opcode.PING:
                sink.ping(payload);
                pushBack(); // each pong is queued: a ping flood pauses reading like any other
                break;
            case Opcode.PONG:
                sink.pong(payload);
                pushBack();
                break;
            case Opcode.CLOSE:
                sink.close(ClosePayload.parse(payload));
                break;
            default:
                throw new IllegalStateException("not a control opcode: " + opcode);
        }
    }

    private Utf8Validator utf8() {
        if (utf8 == null) utf8 = new Utf8Validator();
        return utf8;
    }
}
