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

    private long maxFramePayload;
    private long maxTextMessageSize = 64 * 1024;
    private long maxBinaryMessageSize = 64 * 1024;
    private int maxFramesPerMessage;
    private long maxOutboundBytes = 1024 * 1024;
    private OverflowAction overflowAction = OverflowAction.FAIL_SEND;
    private Duration idleTimeout = Duration.ZERO;
    private Duration pingInterval = Duration.ZERO;
    private Duration closeTimeout = Duration.ofSeconds(5);

    public WebSocketPolicy() {}

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
    public WebSocketPolicy maxFramePayload(long bytes) { this.maxFramePayload = nonNegative(bytes); return this; }

    /** Largest text message (UTF-8 bytes), 0 for none; exceeding it closes with 1009. */
    public long maxTextMessageSize() { return maxTextMessageSize; }
    public WebSocketPolicy maxTextMessageSize(long bytes) { this.maxTextMessageSize = nonNegative(bytes); return this; }

    /** Largest binary message, 0 for none; exceeding it closes with 1009. */
    public long maxBinaryMessageSize() { return maxBinaryMessageSize; }
    public WebSocketPolicy maxBinaryMessageSize(long bytes) { this.maxBinaryMessageSize = nonNegative(bytes); return this; }

    /** Sets both message limits. */
    public WebSocketPolicy maxMessageSize(long bytes) { return maxTextMessageSize(bytes).maxBinaryMessageSize(bytes); }

    /** Most frames one message may have, 0 (the default) for no limit; exceeding it closes with 1009. */
    public int maxFramesPerMessage() { return maxFramesPerMessage; }
    public WebSocketPolicy maxFramesPerMessage(int frames) { this.maxFramesPerMessage = (int) nonNegative(frames); return this; }

    /**
     * Bound of the outbound queue in bytes. A send is accepted while the queue holds less than this; one message
     * is always accepted into an empty queue, so a slow client costs at most this plus one message.
     */
    public long maxOutboundBytes() { return maxOutboundBytes; }
    public WebSocketPolicy maxOutboundBytes(long bytes) { this.maxOutboundBytes = nonNegative(bytes); return this; }

    public OverflowAction overflowAction() { return overflowAction; }
    public WebSocketPolicy overflowAction(OverflowAction action) { this.overflowAction = java.util.Objects.requireNonNull(action); return this; }

    /** Close with 1001 after this long without a frame in either direction; zero for never. */
    public Duration idleTimeout() { return idleTimeout; }
    public WebSocketPolicy idleTimeout(Duration timeout) { this.idleTimeout = nonNegative(timeout); return this; }

    /** Send a ping after this long without traffic; zero for never. */
    public Duration pingInterval() { return pingInterval; }
    public WebSocketPolicy pingInterval(Duration interval) { this.pingInterval = nonNegative(interval); return this; }

    /** How long to wait for the peer's close frame after sending ours before dropping TCP. */
    public Duration closeTimeout() { return closeTimeout; }
    public WebSocketPolicy closeTimeout(Duration timeout) { this.closeTimeout = nonNegative(timeout); return this; }

    private static long nonNegative(long value) {
        if (value < 0) throw new IllegalArgumentException("must not be negative: " + value);
        return value;
    }

    private static Duration nonNegative(Duration value) {
        if (value.isNegative()) throw new IllegalArgumentException("must not be negative: " + value);
        return value;
    }
}
