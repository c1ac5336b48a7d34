package io.wsgate.jakarta.session;

import io.wsgate.engine.WebSocketPolicy;

import java.time.Duration;

/**
 * Limits a new session starts with when the application chose them (container defaults set through the
 * WebSocketContainer API); null fields keep the filter's policy.
 */
public record SessionLimits(Long maxTextMessageSize, Long maxBinaryMessageSize, Duration idleTimeout) {

    public static final SessionLimits NONE = new SessionLimits(null, null, null);

    void applyTo(WebSocketPolicy policy) {
        if (maxTextMessageSize != null) policy.maxTextMessageSize(maxTextMessageSize);
        if (maxBinaryMessageSize != null) policy.maxBinaryMessageSize(maxBinaryMessageSize);
        if (idleTimeout != null) policy.idleTimeout(idleTimeout);
    }
}
