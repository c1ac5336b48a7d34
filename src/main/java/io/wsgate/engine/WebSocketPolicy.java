package io.wsgate.engine;

import java.time.Duration;

/**
 * Limits and timeouts of a connection. A route holds one as its template and each connection gets its own copy,
 * so an endpoint may change its own limits (as {@code Session.setMaxTextMessageBufferSize} does) without
 * affecting others. Sizes are bytes; 0 means "no limit" wherever a limit is optional.
 */
public final class WebSocketPolicy {

    /** What happens when a send does not fit into the outbound queue. */
    public enum OverflowAction {
        /** Only that send fails. */
        FAIL_SEND,
        /** The send fails and the connection closes with 1008 (policy violation). */
        CLOSE_POLICY_VIOLATION,
        /** The send fails and the connection closes with 1013 (try again later). */
        CLOSE_TRY_AGAIN_LATER
    }

    // Volatile: an application thread may change a connection's limits while its reader or timer reads them.
    private volatile long maxFramePayload;
    private volatile long maxTextMessageSize = 64 * 1024;
    private volatile long maxBinaryMessageSize = 64 * 1024;
    private volatile int maxFramesPerMessage;
    private volatile long maxOutboundBytes = 1024 * 1024;
    private volatile OverflowAction overflowAction = OverflowAction.FAIL_SEND;
    private volatile Duration idleTimeout = Duration.ZERO;
    private volatile Duration pingInterval = Duration.ZERO;
    private volatile Duration closeTimeout = Duration.ofSeconds(5);

    public WebSocketPolicy() {}

    /** A copy with the same settings; the copy is safely published by the volatile fields. */
    public WebSocketPolicy copy() {
        WebSocketPolicy c = new WebSocketPolicy();
        c.maxFramePayload = maxFramePayload;
        c.maxTextMessageSize = maxTextMessageSize;
        c.maxBinaryMessageSize = maxBinaryMessageSize;
        c.maxFramesPerMessage = maxFramesPerMessage;
        c.maxOutboundBytes = maxOutboundBytes;
        c.overflowAction = overflowAction;
        c.idleTimeout = idleTimeout;
        c.pingInterval = pingInterval;
        c.closeTimeout = closeTimeout;
        return c;
    }

    /** Largest payload of one frame, 0 for none beyond the message limits; exceeding it closes with 1009. */
    public long maxFramePayload() { return maxFramePayload; }
    public WebSocketPolicy maxFramePayload(long bytes) { this.maxFramePayload = nonNegative("maxFramePayload", bytes); return this; }

    /** Largest text message (UTF-8 bytes), 0 for none; exceeding it closes with 1009. */
    public long maxTextMessageSize() { return maxTextMessageSize; }
    public WebSocketPolicy maxTextMessageSize(long bytes) { this.maxTextMessageSize = nonNegative("maxTextMessageSize", bytes); return this; }

    /** Largest binary message, 0 for none; exceeding it closes with 1009. */
    public long maxBinaryMessageSize() { return maxBinaryMessageSize; }
    public WebSocketPolicy maxBinaryMessageSize(long bytes) { this.maxBinaryMessageSize = nonNegative("maxBinaryMessageSize", bytes); return this; }

    /** Sets both message limits. */
    public WebSocketPolicy maxMessageSize(long bytes) { return maxTextMessageSize(bytes).maxBinaryMessageSize(bytes); }

    /** Most frames one message may have, 0 (the default) for no limit; exceeding it closes with 1009. */
    public int maxFramesPerMessage() { return maxFramesPerMessage; }
    public WebSocketPolicy maxFramesPerMessage(int frames) { this.maxFramesPerMessage = (int) nonNegative("maxFramesPerMessage", frames); return this; }

    /**
     * Bound of the outbound queue in bytes, counting each queued frame's bytes plus a fixed per-frame overhead
     * for the objects that carry it (so a flood of tiny messages is bounded by the memory it really takes).
     * A send is accepted while the queue holds less than this, from any thread (the connection's own callbacks
     * included), and messages waiting behind a message being sent in parts count too; reading pauses as soon as
     * the queue reaches the bound, so the queue holds at most this plus one message. Must be positive: an
     * unbounded queue would let one client that does not read hold memory for ever.
     */
    public long maxOutboundBytes() { return maxOutboundBytes; }
    public WebSocketPolicy maxOutboundBytes(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("maxOutboundBytes must be positive, not " + bytes
                    + ": an unbounded outbound queue would let one client that does not read hold memory for ever");
        }
        this.maxOutboundBytes = bytes;
        return this;
    }

    public OverflowAction overflowAction() { return overflowAction; }
    public WebSocketPolicy overflowAction(OverflowAction action) { this.overflowAction = java.util.Objects.requireNonNull(action); return this; }

    /**
     * Close with 1001 (and wait {@link #closeTimeout} for the answer) after this long without receiving anything
     * from the peer; zero for never. What we send, our own pings included, does not count: a silent peer is idle.
     */
    public Duration idleTimeout() { return idleTimeout; }
    public WebSocketPolicy idleTimeout(Duration timeout) { this.idleTimeout = nonNegative("idleTimeout", timeout); return this; }

    /**
     * Send a ping after this long without receiving anything; zero for never. A ping still unanswered when the
     * next one would be due means the peer is gone: the connection ends, reported as 1006 (see README).
     */
    public Duration pingInterval() { return pingInterval; }
    public WebSocketPolicy pingInterval(Duration interval) { this.pingInterval = nonNegative("pingInterval", interval); return this; }

    /**
     * How long to wait for the peer's close frame after sending ours, and for our last frames to be written,
     * before dropping TCP. Must be positive: waiting for ever for a peer's close would let one client hold its
     * connection and memory for ever, and no wait at all would drop TCP before our close frame is out.
     */
    public Duration closeTimeout() { return closeTimeout; }
    public WebSocketPolicy closeTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("closeTimeout must be positive, not " + timeout.toMillis()
                    + " ms: waiting for ever for a peer's close frame would let one client hold its connection for ever,"
                    + " and no wait would drop TCP before our close frame is out");
        }
        this.closeTimeout = timeout;
        return this;
    }

    private static long nonNegative(String setting, long value) {
        if (value < 0) throw new IllegalArgumentException(setting + " must not be negative (0 means no limit), not " + value);
        return value;
    }

    private static Duration nonNegative(String setting, Duration value) {
        if (value.isNegative()) throw new IllegalArgumentException(setting + " must not be negative (0 means never), not " + value.toMillis() + " ms");
        return value;
    }
}
