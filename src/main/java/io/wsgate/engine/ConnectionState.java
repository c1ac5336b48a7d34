package io.wsgate.engine;

import io.wsgate.protocol.CloseCodes;

/**
 * The life of one connection as an explicit state machine (RFC 6455 section 7), in the style of Jetty's
 * {@code WebSocketSessionState}: every event goes through one synchronized method that moves the phase on and
 * returns a {@link Step} saying what to do (send a close frame, tell the endpoint, close TCP, arm the close
 * timer). The caller does it outside the lock, so no I/O and no application code ever runs under it.
 *
 * <pre>
 *   OPEN --local close / idle--------------------------> CLOSE_SENT --peer close / timeout / EOF--> CLOSED
 *   OPEN --failure (framing intact)--------------------> FAILING ----peer close / timeout / EOF--> CLOSED
 *   OPEN --peer close / framing error / EOF / error / missing pong / abort-----------------------> CLOSED
 * </pre>
 *
 * <p>Also kept here: whether the endpoint has been told of the end, so onError never follows onClose and onClose
 * is reported exactly once.
 */
final class ConnectionState {

    enum Phase {
        /** Messages flow both ways. */
        OPEN,
        /** We sent our close frame (the endpoint's close, the idle timeout, a full queue): waiting for theirs. */
        CLOSE_SENT,
        /** We failed the connection (a limit, invalid UTF-8) and told the endpoint; reading on to find their close. */
        FAILING,
        /** Nothing more is read; TCP is closed or closes once our last frames are out. */
        CLOSED
    }

    /** What to do with TCP after an event. */
    enum Tcp {
        /** Nothing changes. */
        KEEP,
        /** Close once everything queued is written (with the close timer as a backstop). */
        CLOSE_AFTER_FLUSH,
        /** Close now, dropping what is queued. */
        ABORT
    }

    /** onClose as the endpoint will see it. */
    record Ending(int code, String reason, boolean byEngine) {}

    /**
     * What the connection does after an event, in this order: send {@code closeFrame} (after failing waiting sends),
     * tell the endpoint {@code error} then {@code ending}, arm the close timer or handle TCP as {@code tcp} says.
     */
    record Step(Ending closeFrame, Throwable error, Ending ending, boolean armCloseTimer, Tcp tcp) {
        static final Step NOTHING = new Step(null, null, null, false, Tcp.KEEP);
        static final Step ABORT = new Step(null, null, null, false, Tcp.ABORT);
    }

    /** Written under the lock; read without it (volatile) on every frame and send. */
    private volatile Phase phase = Phase.OPEN;
    /** The close frame we sent, reported when the handshake it started completes. */
    private Ending sent;
    /** Whether onClose has been handed to the endpoint (no onError after it, no second one). */
    private boolean endpointTold;

    Phase phase() {
        return phase;
    }

    /** The endpoint (or the engine for it: idle timeout, full queue) starts the closing handshake. */
    synchronized Step localClose(int code, String reason, boolean byEngine) {
        if (phase != Phase.OPEN) return Step.NOTHING;
        phase = Phase.CLOSE_SENT;
        sent = new Ending(code, reason == null ? "" : reason, byEngine);
        return new Step(sent, null, null, true, Tcp.KEEP);
    }

    /**
     * The engine fails the connection (RFC 6455 7.1.7) with {@code code}. Where the framing is broken nothing more
     * can be read: TCP closes once our close frame is out. Otherwise the peer may still be sending (the rest of a
     * message too big, say) and closing now could reset the connection and destroy our close frame before the
     * peer reads it, so reading goes on, dropping data, until the peer's close or the close timer.
     */
    synchronized Step failure(int code, String reason, Throwable cause, boolean framingBroken) {
        switch (phase) {
            case OPEN: {
                Ending ending = new Ending(code, reason, true);
                sent = ending;
                phase = framingBroken ? Phase.CLOSED : Phase.FAILING;
                return new Step(ending, cause, tell(ending), !framingBroken,
                        framingBroken ? Tcp.CLOSE_AFTER_FLUSH : Tcp.KEEP);
            }
            case CLOSE_SENT:
                if (!framingBroken) return Step.NOTHING; // data after our close frame is dropped unread anyway
                phase = Phase.CLOSED;
                return new Step(null, cause, tell(new Ending(code, reason, true)), false, Tcp.CLOSE_AFTER_FLUSH);
            case FAILING:
                if (!framingBroken) return Step.NOTHING; // already failed and reported: a second error adds nothing
                phase = Phase.CLOSED;
                return new Step(null, null, null, false, Tcp.CLOSE_AFTER_FLUSH);
            default:
                return Step.NOTHING;
        }
    }

    /** The peer's close frame arrived. */
    synchronized Step peerClose(int code, String reason) {
        switch (phase) {
            case OPEN: {
                // The peer starts the handshake: echo its code, then close TCP, which RFC 6455 7.1.1 asks the server
                // to do first.
                phase = Phase.CLOSED;
                Ending ending = new Ending(code, reason, false);
                return new Step(ending, null, tell(ending), false, Tcp.CLOSE_AFTER_FLUSH);
            }
            case CLOSE_SENT:
                // The answer to our close frame: the handshake is complete.
                phase = Phase.CLOSED;
                return new Step(null, null, tell(sent), false, Tcp.CLOSE_AFTER_FLUSH);
            case FAILING:
                phase = Phase.CLOSED;
                return new Step(null, null, null, false, Tcp.CLOSE_AFTER_FLUSH);
            default:
                return Step.NOTHING;
        }
    }

    /** The peer closed its side of TCP. */
    synchronized Step endOfStream() {
        Phase was = phase;
        phase = Phase.CLOSED;
        switch (was) {
            case OPEN:
                return new Step(null, null, tell(new Ending(CloseCodes.ABNORMAL,
                        "connection closed by peer without a close frame", false)), false, Tcp.ABORT);
            case CLOSE_SENT:
                // We asked to close and the peer hung up instead of answering: as complete as it gets.
                return new Step(null, null, tell(sent), false, Tcp.ABORT);
            default:
                return Step.ABORT;
        }
    }

    /** Reading or writing failed, or the container ended the connection. */
    synchronized Step transportError(Throwable cause) {
        Phase was = phase;
        phase = Phase.CLOSED;
        if (was == Phase.OPEN || was == Phase.CLOSE_SENT) {
            String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            Ending ending = tell(new Ending(CloseCodes.ABNORMAL, reason, false));
            return new Step(null, ending == null ? null : cause, ending, false, Tcp.ABORT);
        }
        return Step.ABORT; // already reported: an error after the end is not news to the endpoint
    }

    /**
     * The close timer ran out: the peer did not answer our close frame, or (once CLOSED) our last frames could not
     * be written.
     */
    synchronized Step closeTimeout() {
        Phase was = phase;
        if (was == Phase.OPEN) return Step.NOTHING;
        phase = Phase.CLOSED;
        if (was == Phase.CLOSE_SENT) return new Step(null, null, tell(sent), false, Tcp.ABORT);
        return Step.ABORT;
    }

    /** Nothing received for the idle timeout: close with 1001 and wait for the peer's answer as usual. */
    synchronized Step idle() {
        return localClose(CloseCodes.GOING_AWAY, "idle timeout", true);
    }

    /**
     * A keep-alive ping went unanswered for a whole ping interval: the peer (or the path to it) is gone. A close
     * frame (1001) goes out in case it is merely slow, but no handshake can be expected to complete, so the
     * endpoint is told 1006, as for any connection that ends without one, and TCP closes once the frame is out
     * (or at the close timer).
     */
    synchronized Step missingPong(String reason) {
        if (phase != Phase.OPEN) return Step.NOTHING;
        phase = Phase.CLOSED;
        return new Step(new Ending(CloseCodes.GOING_AWAY, "no pong", true), null,
                tell(new Ending(CloseCodes.ABNORMAL, reason, true)), false, Tcp.CLOSE_AFTER_FLUSH);
    }

    /** The endpoint (or an API layer's send timeout) drops the connection. */
    synchronized Step abort() {
        phase = Phase.CLOSED;
        Ending ending = tell(new Ending(CloseCodes.ABNORMAL, "aborted", false));
        return new Step(null, null, ending, false, Tcp.ABORT);
    }

    /** Returns {@code ending} the first time the endpoint is to be told, null after. */
    private Ending tell(Ending ending) {
        if (endpointTold) return null;
        endpointTold = true;
        return ending;
    }
}
