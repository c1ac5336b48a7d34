package io.wsgate.engine;

import io.wsgate.protocol.ClosePayload;
import io.wsgate.protocol.CloseCodes;
import io.wsgate.protocol.FrameHandler;
import io.wsgate.protocol.FrameParser;
import io.wsgate.protocol.Opcode;
import io.wsgate.protocol.ProtocolException;
import io.wsgate.protocol.Utf8Validator;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The protocol side of one connection (RFC 6455 sections 5 to 7): turns the frames the parser finds into
 * messages for the listener, answers pings, runs the closing handshake and the timers, and frames what the
 * application sends for the {@link Transport}.
 *
 * <p>Threads: the transport feeds bytes from one thread at a time; sends may come from any thread. Listener
 * calls are made holding {@link #callbacks}, so they never overlap, whichever thread (reader, timer, sender
 * failing the connection) makes them. State and timers have their own small lock, never held while application
 * code runs, so closing a connection from anywhere (another connection's callback, say) never waits for a
 * callback; the end of the connection is reported by whichever thread is free to (see {@link #end}).
 */
public final class WebSocketConnection implements WebSocketSession, FrameHandler {

    private static final System.Logger LOG = System.getLogger(WebSocketConnection.class.getName());
    private static final int INLINE_PAYLOAD = 8 * 1024;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private enum State { OPEN, CLOSE_SENT, CLOSED }

    /** Held while a listener callback runs. */
    private final ReentrantLock callbacks = new ReentrantLock();
    /** Guards state, the close bookkeeping and the timer; held only briefly, never around application code. */
    private final Object stateLock = new Object();
    /** onClose waiting for the callback lock (another thread was in a callback when the connection ended). */
    private volatile Runnable pendingClose;

    private final WebSocketListener listener;
    private final Transport transport;
    private final FrameParser parser = new FrameParser(this);
    /** Package-private so tests can check no send callback runs under its lock. */
    final OutboundMessages outbound = new OutboundMessages(this);

    /** Shared with the route until {@link #policy()} hands out a private copy. */
    private volatile WebSocketPolicy policy;
    private boolean policyOwned;

    private volatile State state = State.OPEN;
    /** The code and reason reported to onClose once the connection is over. */
    private int closeCode;
    private String closeReason;
    /** Whether wsgate, not the peer or the endpoint, started the close. */
    private boolean closeByEngine;
    private boolean closeNotified;

    // The inbound message in progress.
    private int messageOpcode;
    private boolean frameFin;
    private long messageLength;
    private int messageFrames;
    private Utf8Validator utf8;

    private volatile long lastActivity;
    private ScheduledFuture<?> timer;
    private volatile Thread callbackThread;

    public WebSocketConnection(WebSocketListener listener, Transport transport, WebSocketPolicy policy) {
        this.listener = listener;
        this.transport = transport;
        this.policy = policy;
        parser.maxFramePayload(policy.maxFramePayload());
    }

    // ---- lifecycle, driven by the transport ----------------------------------------------------------------

    /** Tells the listener the connection is open and starts the timers. */
    public void start() {
        callback(() -> listener.onOpen(this));
        scheduleTimer();
    }

    /** Bytes from the peer. */
    public void onBytes(ByteBuffer bytes) {
        if (state == State.CLOSED || parser.isFailed()) return;
        touch();
        while (bytes.hasRemaining()) {
            try {
                parser.parse(bytes);
            } catch (ProtocolException e) {
                fail(e.closeCode(), e.getMessage(), e);
                // A limit or invalid UTF-8 leaves the framing intact: reading goes on to find the peer's close.
                if (parser.isFailed() || state == State.CLOSED) return;
            }
        }
    }

    /** The peer closed its side of TCP. */
    public void onEndOfStream() {
        if (state == State.CLOSE_SENT) {
            // We asked to close and the peer hung up instead of answering: the close is as complete as it gets.
            end(closeCode, closeReason, closeByEngine);
        } else {
            end(CloseCodes.ABNORMAL, "connection closed by peer without a close frame", false);
        }
        closeTransport(false);
    }

    /** Reading or writing failed, or the container ended the connection. */
    public void onTransportError(Throwable cause) {
        if (state == State.CLOSED) return;
        LOG.log(Level.DEBUG, "wsgate: connection failed: {0}", String.valueOf(cause));
        callback(() -> listener.onError(cause));
        end(CloseCodes.ABNORMAL, cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(), false);
        closeTransport(false);
    }

    // ---- FrameHandler: inbound -----------------------------------------------------------------------------

    @Override
    public void onDataFrame(int opcode, boolean fin, long payloadLength) throws ProtocolException {
        if (state != State.OPEN) return; // after our close frame, data is read and dropped
        if (opcode != Opcode.CONTINUATION) {
            messageOpcode = opcode;
            messageLength = 0;
            messageFrames = 0;
            if (opcode == Opcode.TEXT) utf8().reset();
        }
        frameFin = fin;
        messageLength += payloadLength;
        long max = messageOpcode == Opcode.TEXT ? policy.maxTextMessageSize() : policy.maxBinaryMessageSize();
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
        if (state != State.OPEN) return; // after our close frame, data is read and dropped
        boolean last = frameEnd && frameFin;
        if (!payload.hasRemaining() && !last) return;
        if (messageOpcode == Opcode.TEXT) {
            Utf8Validator v = utf8();
            if (!v.feed(payload) || (last && !v.isComplete())) {
                throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "text message is not valid UTF-8");
            }
            callback(() -> listener.onTextChunk(payload, last));
        } else {
            callback(() -> listener.onBinaryChunk(payload, last));
        }
    }

    @Override
    public void onControlFrame(int opcode, ByteBuffer payload) throws ProtocolException {
        switch (opcode) {
            case Opcode.PING:
                if (state == State.OPEN) {
                    // Answer at once, even between the fragments of a message (RFC 6455 5.5.2 says must). Never
                    // refused for the bound: reading pauses while the queue is over it, so a ping flood cannot grow it.
                    transport.enqueue(controlFrame(Opcode.PONG, copy(payload), SendCallback.NOOP), Long.MAX_VALUE);
                    transport.flush();
                    callback(() -> listener.onPing(payload));
                }
                break;
            case Opcode.PONG:
                if (state == State.OPEN) {
                    callback(() -> listener.onPong(payload));
                }
                break;
            case Opcode.CLOSE:
                onCloseFrame(ClosePayload.parse(payload));
                break;
            default:
                throw new IllegalStateException("not a control opcode: " + opcode);
        }
    }

    private void onCloseFrame(ClosePayload close) {
        boolean wasOpen;
        synchronized (stateLock) {
            wasOpen = state == State.OPEN;
            if (wasOpen) state = State.CLOSE_SENT;
        }
        if (wasOpen) {
            // The peer starts the closing handshake: echo its code (an empty close for none), then close TCP,
            // which RFC 6455 7.1.1 asks the server to do first.
            outbound.failPending();
            transport.enqueue(controlFrame(Opcode.CLOSE, ClosePayload.encode(close.code(), close.reason()), SendCallback.NOOP), Long.MAX_VALUE);
            transport.flush();
            end(close.code(), close.reason(), false);
            closeTransport(true);
        } else if (state == State.CLOSE_SENT) {
            // The answer to our close frame: the handshake is complete.
            end(closeCode, closeReason, closeByEngine);
            closeTransport(true);
        }
    }

    private Utf8Validator utf8() {
        if (utf8 == null) utf8 = new Utf8Validator();
        return utf8;
    }

    // ---- failing and ending --------------------------------------------------------------------------------

    /**
     * Fails the connection (RFC 6455 7.1.7): sends a close frame with {@code code} and tells the endpoint. Where
     * the framing is broken, TCP is closed once the frame is out. Otherwise the peer may still be sending (the
     * rest of a message too big, say): closing now would reset the connection and could destroy our close frame
     * before the peer reads it, so reading goes on, dropping data, until the peer's close frame or the close
     * timeout.
     */
    private void fail(int code, String reason, Throwable cause) {
        LOG.log(Level.DEBUG, "wsgate: failing connection with {0}: {1}", code, reason);
        boolean first;
        synchronized (stateLock) {
            first = state == State.OPEN;
            if (first) {
                state = State.CLOSE_SENT;
                closeCode = code;
                closeReason = reason;
                closeByEngine = true;
            }
        }
        if (first) {
            outbound.failPending();
            transport.enqueue(controlFrame(Opcode.CLOSE, ClosePayload.encode(code, reason), SendCallback.NOOP), Long.MAX_VALUE);
            transport.flush();
        }
        callback(() -> listener.onError(cause));
        end(code, reason, true);
        if (parser.isFailed()) {
            closeTransport(true);
        } else {
            scheduleCloseTimeout(); // also when our close frame went out before: end() stopped its timer
        }
    }

    /** Closes TCP, once everything queued is written or at once; nothing more is read. */
    private void closeTransport(boolean afterFlush) {
        synchronized (stateLock) {
            state = State.CLOSED;
            cancelTimer();
        }
        if (afterFlush) {
            transport.closeAfterFlush();
            // A peer that stopped reading would keep the flush, and the connection, waiting for ever.
            later(transport::abort, policy.closeTimeout().toNanos());
        } else {
            transport.abort();
        }
    }

    /**
     * Reports the end to the listener, once, and stops the timers. If another thread is inside a callback, onClose
     * is left for it to deliver when that callback returns: waiting for it here could deadlock (that callback may
     * be waiting for this thread, as when two connections close each other from their callbacks).
     */
    private void end(int code, String reason, boolean byEngine) {
        synchronized (stateLock) {
            if (state == State.OPEN) state = State.CLOSE_SENT; // no more sends, isOpen() false, from here on
            if (closeNotified) return;
            closeNotified = true;
            closeCode = code;
            closeReason = reason;
            cancelTimer();
        }
        pendingClose = () -> listener.onClose(code, reason, byEngine);
        deliverPendingClose();
    }

    /** Runs a listener callback holding the callback lock, then a pending onClose if one arrived meanwhile. */
    private void callback(Runnable callback) {
        callbacks.lock();
        try {
            deliver(callback);
        } finally {
            callbacks.unlock();
        }
        deliverPendingClose();
    }

    private void deliverPendingClose() {
        // Re-checked after each unlock: a close that arrived while the lock was held is never left behind.
        while (pendingClose != null && callbacks.tryLock()) {
            try {
                Runnable close = pendingClose;
                pendingClose = null;
                if (close != null) deliver(close);
            } finally {
                callbacks.unlock();
            }
        }
    }

    /** Runs a listener callback, marking this thread as the callback thread; a listener's exception is reported, not thrown. */
    private void deliver(Runnable callback) {
        Thread previous = callbackThread;
        callbackThread = Thread.currentThread();
        try {
            callback.run();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.WARNING, "wsgate: WebSocket listener threw", e);
        } finally {
            callbackThread = previous;
        }
    }

    // ---- timers --------------------------------------------------------------------------------------------

    private void touch() {
        lastActivity = System.nanoTime();
    }

    /** (Re)starts the idle and ping timer of an open connection; a closing one keeps its close timer. */
    private void scheduleTimer() {
        synchronized (stateLock) {
            if (state != State.OPEN) return;
            cancelTimer();
            long idle = policy.idleTimeout().toNanos();
            long ping = policy.pingInterval().toNanos();
            if (idle == 0 && ping == 0) return;
            touch();
            long first = idle == 0 ? ping : ping == 0 ? idle : Math.min(idle, ping);
            timer = later(this::onTimer, first);
        }
    }

    /** Runs {@code task} on the timer thread after {@code nanos}; null once the application has stopped it. */
    private ScheduledFuture<?> later(Runnable task, long nanos) {
        try {
            return transport.scheduler().schedule(task, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) {
            return null; // the web application is stopping; the container closes what is left
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void onTimer() {
        long quiet = System.nanoTime() - lastActivity;
        long idle = policy.idleTimeout().toNanos();
        long ping = policy.pingInterval().toNanos();
        if (idle > 0 && quiet >= idle) {
            close(CloseCodes.GOING_AWAY, "idle timeout", true);
            return;
        }
        long next = Long.MAX_VALUE;
        if (ping > 0) {
            if (quiet >= ping) {
                sendPing(EMPTY, SendCallback.NOOP);
                quiet = 0;
            }
            next = ping - quiet;
        }
        if (idle > 0) next = Math.min(next, idle - quiet);
        synchronized (stateLock) {
            if (state == State.OPEN && next != Long.MAX_VALUE) {
                timer = later(this::onTimer, next);
            }
        }
    }

    // ---- WebSocketSession: outbound -------------------------------------------------------------------------

    @Override
    public void sendText(String text, SendCallback callback) {
        outbound.whole(Opcode.TEXT, OutboundMessages.utf8(text), callback);
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
        sendControl(Opcode.PING, payload, callback);
    }

    @Override
    public void sendPong(ByteBuffer payload, SendCallback callback) {
        sendControl(Opcode.PONG, payload, callback);
    }

    private void sendControl(int opcode, ByteBuffer payload, SendCallback callback) {
        if (payload.remaining() > 125) throw new IllegalArgumentException("control frame payload longer than 125 bytes");
        Throwable failure = offer(controlFrame(opcode, copy(payload), callback));
        transport.flush();
        if (failure != null) refused(failure, callback);
    }

    @Override
    public void close(int code, String reason) {
        close(code, reason, false);
    }

    private void close(int code, String reason, boolean byEngine) {
        byte[] body = ClosePayload.encode(code, reason); // checks the code before anything changes
        synchronized (stateLock) {
            if (state != State.OPEN) return;
            state = State.CLOSE_SENT;
            closeCode = code;
            closeReason = reason == null ? "" : reason;
            closeByEngine = byEngine;
        }
        outbound.failPending();
        transport.enqueue(controlFrame(Opcode.CLOSE, body, SendCallback.NOOP), Long.MAX_VALUE);
        transport.flush();
        scheduleCloseTimeout();
    }

    /** Waits a bounded time for the peer's close frame after ours. */
    private void scheduleCloseTimeout() {
        synchronized (stateLock) {
            cancelTimer();
            if (state == State.CLOSE_SENT) {
                timer = later(this::onCloseTimeout, policy.closeTimeout().toNanos());
            }
        }
    }

    private void onCloseTimeout() {
        LOG.log(Level.DEBUG, "wsgate: peer did not answer the close frame in time");
        end(closeCode, closeReason, closeByEngine);
        closeTransport(false);
    }

    @Override
    public void abort() {
        end(CloseCodes.ABNORMAL, "aborted", false);
        closeTransport(false);
    }

    @Override
    public boolean isOpen() {
        return state == State.OPEN;
    }

    @Override
    public WebSocketPolicy policy() {
        // Not this object's monitor, which listener callbacks hold: another thread asking for a limit must never
        // wait for a callback. The send-side lock is only ever held briefly.
        synchronized (outbound) {
            if (!policyOwned) {
                policy = policy.copy();
                policyOwned = true;
            }
            return policy;
        }
    }

    @Override
    public void policyChanged() {
        parser.maxFramePayload(policy.maxFramePayload());
        scheduleTimer();
    }

    @Override
    public long queuedBytes() {
        return transport.queuedBytes();
    }

    @Override
    public boolean isCallbackThread() {
        return callbackThread == Thread.currentThread();
    }

    /**
     * Queues a frame (not writing it: callers may hold the lock that keeps frames in order) and returns null, or
     * returns why it was refused, to be reported with {@link #refused} once no lock is held.
     */
    Throwable offer(OutboundFrame frame) {
        if (state != State.OPEN) return new IOException("WebSocket connection is closed");
        touch();
        // A send from inside a callback is never refused for the bound: the transport stops reading until the
        // queue drains instead, which pushes back on the peer without blocking the container's thread.
        long limit = isCallbackThread() ? Long.MAX_VALUE : Math.max(1, policy.maxOutboundBytes());
        switch (transport.enqueue(frame, limit)) {
            case QUEUED:
                return null;
            case CLOSED:
                return new IOException("WebSocket connection is closed");
            default:
                return new OutboundOverflowException(transport.queuedBytes(), frame.size(), policy.maxOutboundBytes());
        }
    }

    /** Writes what was queued; runs send callbacks, so never call it holding a lock. */
    void flush() {
        transport.flush();
    }

    /** Reports a refused send to its callback and applies the overflow policy; never call it holding a lock. */
    void refused(Throwable failure, SendCallback callback) {
        callback.completed(failure);
        if (!(failure instanceof OutboundOverflowException)) return;
        switch (policy.overflowAction()) {
            case CLOSE_POLICY_VIOLATION:
                close(CloseCodes.POLICY_VIOLATION, "outbound queue full", true);
                break;
            case CLOSE_TRY_AGAIN_LATER:
                close(CloseCodes.TRY_AGAIN_LATER, "outbound queue full", true);
                break;
            default:
                break;
        }
    }

    // ---- framing -------------------------------------------------------------------------------------------

    static OutboundFrame dataFrame(int opcode, boolean fin, ByteBuffer payload, SendCallback callback) {
        int n = payload.remaining();
        if (n <= INLINE_PAYLOAD) {
            byte[] frame = new byte[io.wsgate.protocol.FrameHeader.length(n) + n];
            int h = io.wsgate.protocol.FrameHeader.write(frame, 0, fin, 0, opcode, n);
            payload.get(payload.position(), frame, h, n);
            return new OutboundFrame(frame, null, callback);
        }
        byte[] header = new byte[io.wsgate.protocol.FrameHeader.length(n)];
        io.wsgate.protocol.FrameHeader.write(header, 0, fin, 0, opcode, n);
        if (!payload.hasArray()) {
            // A direct or read-only buffer: servlet output streams take arrays, so copy once here.
            byte[] copy = new byte[n];
            payload.get(payload.position(), copy);
            payload = ByteBuffer.wrap(copy);
        }
        return new OutboundFrame(header, payload, callback);
    }

    private static OutboundFrame controlFrame(int opcode, byte[] payload, SendCallback callback) {
        return dataFrame(opcode, true, ByteBuffer.wrap(payload), callback);
    }

    private static byte[] copy(ByteBuffer payload) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(payload.position(), bytes);
        return bytes;
    }
}
