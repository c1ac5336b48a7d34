package io.wsgate.servlet;

/**
 * Thrown by an {@link UpgradeEndpoint} whose handshake cannot go on because of what the client sent (a query the
 * container cannot parse, say): wsgate answers 400 with this one-line reason instead of a 500.
 */
public final class BadHandshakeException extends RuntimeException {

    public BadHandshakeException(String reason, Throwable cause) {
        super(reason, cause, false, false);
    }
}
