package io.wsgate.engine;

import io.wsgate.protocol.ClosePayload;
import io.wsgate.protocol.CloseCodes;
import io.wsgate.protocol.DeflateParameters;
import io.wsgate.protocol.Opcode;
import io.wsgate.protocol.ProtocolException;
import io.wsgate.protocol.Role;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.function.Supplier;

/**
 * One connection: the coordinator of its parts, each with one job. {@link ConnectionState} decides what every
 * event (a close frame, a failure, a timer, the end of the stream) means; {@link InboundMessages} turns bytes into
 * chunks for the listener and pushes back when the queue is full; {@link OutboundMessages} and
 * {@link OutboundBudget} admit and order sends within the memory bound; {@link ConnectionTimers} runs the one
 * timer chain; {@link ListenerDispatch} calls the listener in the order the API promises.
 *
 * <p>Threads: the transport feeds bytes from one thread at a time; sends may come from any thread; timers run on
 * the scheduler's callback threads. No lock of the engine is held while application code runs, except the
 * dispatch lock that keeps listener calls from overlapping.
 */
public final class WebSocketConnection implements WebSocketSession {

    private static final System.Logger LOG = System.getLogger(WebSocketConnection.class.getName());

    private final WebSocketListener listener;
    private final Transport transport;
    private final ConnectionState state = new ConnectionState();
    private final ListenerDispatch dispatch;
    private final OutboundBudget budget;
    private final InboundMessages inbound;
    /** Package-private so tests can check no send callback runs under its lock. */
    final OutboundMessages outbound;
    private final ConnectionTimers timers;
    private final ConnectionCounters counters;
    /** Null when permessage-deflate was not negotiated. */
    private final ConnectionDeflate deflate;

    /** Shared with the route until {@link #policy()} hands out a private copy. */
    private volatile WebSocketPolicy policy;
    private boolean policyOwned;

    /** The server end of a connection. */
    public WebSocketConnection(WebSocketListener listener, Transport transport, WebSocketPolicy policy) {
        this(listener, transport, policy, Role.SERVER, ConnectionCounters.NONE, null, null);
    }

    /**
     * One end of a connection: as {@link Role#CLIENT} every frame sent is masked and a masked frame from the server
     * fails the connection with 1002; nothing else differs.
     */
    public WebSocketConnection(WebSocketListener listener, Transport transport, WebSocketPolicy policy, Role role) {
        this(listener, transport, policy, role, ConnectionCounters.NONE, null, null);
    }

    /** A server connection with permessage-deflate as {@code agreed} (null: not negotiated). */
    public WebSocketConnection(WebSocketListener listener, Transport transport, WebSocketPolicy policy,
                               PerMessageDeflate deflate, DeflateParameters agreed) {
        this(listener, transport, policy, Role.SERVER, ConnectionCounters.NONE, deflate, agreed);
    }

    /**
     * @param counters where this connection reports messages and refusals for monitoring
     * @param deflate  what the application's connections share for permessage-deflate, or null
     * @param agreed   what the handshake agreed for permessage-deflate, or null when it was not negotiated
     */
    public WebSocketConnection(WebSocketListener listener, Transport transport, WebSocketPolicy policy, Role role,
                               ConnectionCounters counters, PerMessageDeflate deflate, DeflateParameters agreed) {
        this.listener = listener;
        this.counters = counters;
        this.transport = transport;
        this.policy = policy;
        this.dispatch = new ListenerDispatch(listener);
        this.budget = new OutboundBudget(() -> this.policy.maxOutboundBytes(), transport::resumeReading);
        ConnectionDeflate compression = deflate != null && agreed != null ? new ConnectionDeflate(deflate, agreed, counters) : null;
        this.deflate = compression;
        this.inbound = new InboundMessages(new Receiver(), budget, policy.maxFramePayload(), role, compression);
        this.outbound = new OutboundMessages(new Sender(), budget, role.masksOutgoing(), compression);
        this.timers = new ConnectionTimers(transport.scheduler(), new Timers());
    }

    // ---- driven by the transport ---------------------------------------------------------------------------

    /** Tells the listener the connection is open and starts the timers. */
    public void start() {
        dispatch.open(this);
        if (state.phase() == ConnectionState.Phase.OPEN) timers.start();
    }

    /**
     * Bytes from the peer. Returns false when reading must pause because the outbound queue is full: the rest of
     * {@code bytes} is then kept by the connection (the buffer may be reused at once), and the transport reads
     * again only when {@link Transport#resumeReading} asks and {@link #readyForInput} answers true.
     */
    public boolean onBytes(ByteBuffer bytes) {
        if (state.phase() == ConnectionState.Phase.CLOSED) return true;
        timers.received();
        return inbound.feed(bytes);
    }

    /**
     * Before each read: parses what was kept while paused; returns whether the transport may read more (false
     * while the queue is still full: {@link Transport#resumeReading} comes when it drains).
     */
    public boolean readyForInput() {
        if (state.phase() == ConnectionState.Phase.CLOSED) return true;
        return inbound.resume();
    }

    /** The peer closed its side of TCP. */
    public void onEndOfStream() {
        apply(state::endOfStream);
    }

    /** Reading or writing failed, or the container ended the connection. */
    public void onTransportError(Throwable cause) {
        LOG.log(Level.DEBUG, "wsgate: connection failed: {0}", String.valueOf(cause));
        apply(() -> state.transportError(cause));
    }

    /**
     * The transport has closed TCP (after flushing our last frames): the backstop timer is no longer needed, so
     * nothing keeps this connection reachable once the container lets go of it.
     */
    public void onTransportClosed() {
        if (state.phase() != ConnectionState.Phase.CLOSED) return; // closed under us: onEndOfStream/onTransportError follow
        timers.stop();
        inbound.release();
    }

    // ---- doing what the state machine says -----------------------------------------------------------------

    /** Runs {@code event}, a state transition, in the send order (see {@link OutboundMessages#transition}). */
    private void apply(Supplier<ConnectionState.Step> event) {
        ConnectionState.Step step = outbound.transition(event);
        if (step.error() != null) dispatch.postError(step.error());
        if (step.ending() != null) {
            ConnectionState.Ending e = step.ending();
            dispatch.postClose(e.code(), e.reason(), e.byEngine());
        }
        long closeTimeout = policy.closeTimeout().toNanos();
        if (step.armCloseTimer()) timers.closing(closeTimeout);
        switch (step.tcp()) {
            case CLOSE_AFTER_FLUSH:
                inbound.release();
                budget.clearPause();
                transport.closeAfterFlush();
                // A peer that stopped reading would keep the flush, and the connection, waiting for ever.
                timers.closing(closeTimeout);
                break;
            case ABORT:
                inbound.release();
                budget.clearPause();
                timers.stop();
                transport.abort();
                break;
            default:
                break;
        }
    }

    /** A protocol error or limit found while parsing. */
    private void fail(ProtocolException e, boolean framingBroken) {
        LOG.log(Level.DEBUG, "wsgate: failing connection with {0}: {1}", e.closeCode(), e.getMessage());
        apply(() -> state.failure(e.closeCode(), e.getMessage(), e, framingBroken));
    }

    // ---- WebSocketSession ----------------------------------------------------------------------------------

    @Override
    public void sendText(String text, SendCallback callback) {
        outbound.whole(Opcode.TEXT, OutboundMessages.utf8(text), text, callback);
    }

    @Override
    public void sendBinary(ByteBuffer data, SendCallback callback) {
        outbound.whole(Opcode.BINARY, data.slice(), callback);
    }

    @Override
    public void sendTextPart(String part, boolean last, SendCallback callback) {
        outbound.textPart(part, last, callback);
    }

    @Override
    public void sendBinaryPart(ByteBuffer part, boolean last, SendCallback callback) {
        outbound.part(Opcode.BINARY, part.slice(), last, callback);
    }

    @Override
    public void sendPing(ByteBuffer payload, SendCallback callback) {
        outbound.control(Opcode.PING, controlPayload(payload), callback);
    }

    @Override
    public void sendPong(ByteBuffer payload, SendCallback callback) {
        outbound.control(Opcode.PONG, controlPayload(payload), callback);
    }

    private static ByteBuffer controlPayload(ByteBuffer payload) {
        if (payload.remaining() > 125) throw new IllegalArgumentException("control frame payload longer than 125 bytes");
        return ByteBuffer.wrap(copy(payload));
    }

    @Override
    public void close(int code, String reason) {
        ClosePayload.encode(code, reason); // checks the code and reason before anything changes
        apply(() -> state.localClose(code, reason, false));
    }

    @Override
    public void abort() {
        apply(state::abort);
    }

    @Override
    public boolean isOpen() {
        return state.phase() == ConnectionState.Phase.OPEN;
    }

    @Override
    public WebSocketPolicy policy() {
        // Not a lock any listener callback holds: another thread asking for a limit must never wait for a callback.
        synchronized (state) {
            if (!policyOwned) {
                policy = policy.copy();
                policyOwned = true;
            }
            return policy;
        }
    }

    @Override
    public void policyChanged() {
        inbound.maxFramePayload(policy.maxFramePayload());
        timers.policyChanged();
    }

    @Override
    public void suspendReading() {
        inbound.suspend();
    }

    @Override
    public void resumeReading() {
        // The transport reads again (readyForInput first) unless the queue still holds reading paused: then its
        // drain asks. A resume that comes before the reader noticed the suspension costs one idle read attempt.
        if (inbound.resumeSuspended() && state.phase() != ConnectionState.Phase.CLOSED) transport.resumeReading();
    }

    /** The memory the outbound queue holds now: frame bytes plus the per-frame overhead (see maxOutboundBytes). */
    @Override
    public long queuedBytes() {
        return budget.charged();
    }

    @Override
    public boolean isCallbackThread() {
        return dispatch.isCallbackThread();
    }

    /** Where this connection reports for monitoring (the compression extension reports its figures here too). */
    public ConnectionCounters counters() {
        return counters;
    }

    @Override
    public void batching(boolean on) {
        outbound.batching(on);
    }

    @Override
    public boolean isBatching() {
        return outbound.isBatching();
    }

    @Override
    public void flushBatch() {
        outbound.flushBatch();
    }

    @Override
    public boolean writeUntil(java.util.function.BooleanSupplier done) {
        return transport.writeUntil(done);
    }

    /** The most the outbound queue ever held (tests). */
    long maxQueuedBytes() {
        return budget.maxCharged();
    }

    /** What permessage-deflate agreed for this connection, or null when it was not negotiated. */
    public DeflateParameters negotiatedDeflate() {
        return deflate == null ? null : deflate.agreed();
    }

    /** permessage-deflate state (tests). */
    ConnectionDeflate deflate() {
        return deflate;
    }

    /** Bytes read and kept while reading is paused (tests). */
    int heldInputBytes() {
        return inbound.heldBytes();
    }

    /** Whether reading is paused because the queue is full. */
    public boolean isInputPaused() {
        return budget.inputPaused();
    }

    private static byte[] copy(ByteBuffer payload) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(payload.position(), bytes);
        return bytes;
    }

    // ---- the parts' views of the connection ----------------------------------------------------------------

    /** What the receive side sees. */
    private final class Receiver implements InboundMessages.Sink {
        @Override public boolean acceptsData() { return state.phase() == ConnectionState.Phase.OPEN; }
        @Override public boolean ended() { return state.phase() == ConnectionState.Phase.CLOSED; }
        @Override public WebSocketPolicy policy() { return policy; }

        @Override
        public void dataChunk(int opcode, ByteBuffer payload, boolean last) {
            if (last) counters.messageReceived();
            if (opcode == Opcode.TEXT) dispatch.now(() -> listener.onTextChunk(payload, last));
            else dispatch.now(() -> listener.onBinaryChunk(payload, last));
        }

        @Override
        public void ping(ByteBuffer payload) {
            if (state.phase() != ConnectionState.Phase.OPEN) return;
            // Answered at once, even between the fragments of a message (RFC 6455 5.5.2 says must). A close queued
            // since the check above drops the pong: engineFrame checks again in the send order.
            outbound.engineFrame(Opcode.PONG, copy(payload));
            dispatch.now(() -> listener.onPing(payload));
        }

        @Override
        public void pong(ByteBuffer payload) {
            if (state.phase() == ConnectionState.Phase.OPEN) dispatch.now(() -> listener.onPong(payload));
        }

        @Override
        public void close(ClosePayload close) {
            apply(() -> state.peerClose(close.code(), close.reason()));
        }

        @Override
        public void failed(ProtocolException e, boolean framingBroken) {
            fail(e, framingBroken);
        }
    }

    /** What the send side sees. */
    private final class Sender implements OutboundMessages.Queue {
        @Override public boolean isOpen() { return state.phase() == ConnectionState.Phase.OPEN; }
        @Override public long bound() { return policy.maxOutboundBytes(); }

        @Override
        public boolean enqueue(OutboundFrame frame) {
            return transport.enqueue(frame) == Transport.Offer.QUEUED;
        }

        @Override
        public void flush() {
            transport.flush();
        }

        @Override
        public void refused(Throwable failure, SendCallback callback) {
            boolean overflow = failure instanceof OutboundOverflowException;
            if (overflow) counters.sendRefusedByOutboundBound();    // counted by the time the sender hears of it
            callback.completed(failure);
            if (!overflow) return;
            switch (policy.overflowAction()) {
                case CLOSE_POLICY_VIOLATION:
                    apply(() -> state.localClose(CloseCodes.POLICY_VIOLATION, "outbound queue full", true));
                    break;
                case CLOSE_TRY_AGAIN_LATER:
                    apply(() -> state.localClose(CloseCodes.TRY_AGAIN_LATER, "outbound queue full", true));
                    break;
                default:
                    break;
            }
        }
    }

    /** What the timer chain sees. */
    private final class Timers implements ConnectionTimers.Events {
        @Override public WebSocketPolicy policy() { return policy; }

        @Override
        public void idleTimeout() {
            LOG.log(Level.DEBUG, "wsgate: nothing received for {0} ms: closing", policy.idleTimeout().toMillis());
            apply(state::idle);
        }

        @Override
        public void ping() {
            if (state.phase() == ConnectionState.Phase.OPEN) outbound.engineFrame(Opcode.PING, new byte[0]);
        }

        @Override
        public void pongMissing() {
            String reason = "peer did not answer a ping within " + policy.pingInterval().toMillis() + " ms";
            LOG.log(Level.DEBUG, "wsgate: {0}: connection dropped", reason);
            apply(() -> state.missingPong(reason));
        }

        @Override
        public void closeTimeout() {
            LOG.log(Level.DEBUG, "wsgate: close timeout: peer did not answer the close frame, or read our last frames, in time");
            apply(state::closeTimeout);
        }
    }
}
