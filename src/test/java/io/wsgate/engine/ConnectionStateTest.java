package io.wsgate.engine;

import io.wsgate.engine.ConnectionState.Ending;
import io.wsgate.engine.ConnectionState.Phase;
import io.wsgate.engine.ConnectionState.Step;
import io.wsgate.engine.ConnectionState.Tcp;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Every event in every phase of the connection's state machine, and what it says to do. */
class ConnectionStateTest {

    private final IOException reset = new IOException("reset");

    private static ConnectionState open() {
        return new ConnectionState();
    }

    private static ConnectionState closeSent() {
        ConnectionState s = new ConnectionState();
        s.localClose(1000, "bye", false);
        return s;
    }

    private static ConnectionState failing() {
        ConnectionState s = new ConnectionState();
        s.failure(1009, "too big", new IOException("too big"), false);
        return s;
    }

    private static ConnectionState closed() {
        ConnectionState s = new ConnectionState();
        s.peerClose(1000, "");
        return s;
    }

    private static void assertStep(Step step, Ending closeFrame, boolean error, Ending ending, boolean armCloseTimer, Tcp tcp) {
        assertEquals(closeFrame, step.closeFrame(), "close frame");
        assertEquals(error, step.error() != null, "onError");
        assertEquals(ending, step.ending(), "onClose");
        assertEquals(armCloseTimer, step.armCloseTimer(), "close timer");
        assertEquals(tcp, step.tcp(), "tcp");
    }

    // ---- OPEN ----

    @Test
    void openLocalCloseSendsCloseAndWaits() {
        ConnectionState s = open();
        assertStep(s.localClose(4000, "done", false), new Ending(4000, "done", false), false, null, true, Tcp.KEEP);
        assertEquals(Phase.CLOSE_SENT, s.phase());
    }

    @Test
    void openPeerCloseEchoesReportsAndClosesAfterFlush() {
        ConnectionState s = open();
        Ending peer = new Ending(4001, "theirs", false);
        assertStep(s.peerClose(4001, "theirs"), peer, false, peer, false, Tcp.CLOSE_AFTER_FLUSH);
        assertEquals(Phase.CLOSED, s.phase());
    }

    @Test
    void openFailureWithIntactFramingKeepsReading() {
        ConnectionState s = open();
        Ending e = new Ending(1009, "too big", true);
        assertStep(s.failure(1009, "too big", reset, false), e, true, e, true, Tcp.KEEP);
        assertEquals(Phase.FAILING, s.phase());
    }

    @Test
    void openFailureWithBrokenFramingClosesAfterTheCloseFrame() {
        ConnectionState s = open();
        Ending e = new Ending(1002, "bad", true);
        assertStep(s.failure(1002, "bad", reset, true), e, true, e, false, Tcp.CLOSE_AFTER_FLUSH);
        assertEquals(Phase.CLOSED, s.phase());
    }

    @Test
    void openEndOfStreamIs1006() {
        ConnectionState s = open();
        assertStep(s.endOfStream(), null, false,
                new Ending(1006, "connection closed by peer without a close frame", false), false, Tcp.ABORT);
        assertEquals(Phase.CLOSED, s.phase());
    }

    @Test
    void openTransportErrorReportsErrorThen1006() {
        ConnectionState s = open();
        Step step = s.transportError(reset);
        assertSame(reset, step.error());
        assertStep(step, null, true, new Ending(1006, "reset", false), false, Tcp.ABORT);
    }

    @Test
    void openIdleClosesWith1001AndWaits() {
        ConnectionState s = open();
        assertStep(s.idle(), new Ending(1001, "idle timeout", true), false, null, true, Tcp.KEEP);
        assertEquals(Phase.CLOSE_SENT, s.phase());
    }

    @Test
    void openMissingPongSends1001ButReports1006() {
        ConnectionState s = open();
        assertStep(s.missingPong("no answer"), new Ending(1001, "no pong", true), false,
                new Ending(1006, "no answer", true), false, Tcp.CLOSE_AFTER_FLUSH);
        assertEquals(Phase.CLOSED, s.phase());
    }

    @Test
    void openAbortIs1006() {
        ConnectionState s = open();
        assertStep(s.abort(), null, false, new Ending(1006, "aborted", false), false, Tcp.ABORT);
    }

    @Test
    void openCloseTimeoutDoesNothing() {
        ConnectionState s = open();
        assertStep(s.closeTimeout(), null, false, null, false, Tcp.KEEP);
        assertEquals(Phase.OPEN, s.phase());
    }

    // ---- CLOSE_SENT ----

    @Test
    void closeSentPeerAnswerCompletesTheHandshakeWithOurCode() {
        ConnectionState s = closeSent();
        assertStep(s.peerClose(1000, ""), null, false, new Ending(1000, "bye", false), false, Tcp.CLOSE_AFTER_FLUSH);
        assertEquals(Phase.CLOSED, s.phase());
    }

    @Test
    void closeSentSecondLocalCloseOrIdleDoesNothing() {
        ConnectionState s = closeSent();
        assertSame(Step.NOTHING, s.localClose(1000, "again", false));
        assertSame(Step.NOTHING, s.idle());
        assertSame(Step.NOTHING, s.missingPong("x"));
        assertEquals(Phase.CLOSE_SENT, s.phase());
    }

    @Test
    void closeSentTimeoutAbortsAndReportsOurCode() {
        ConnectionState s = closeSent();
        assertStep(s.closeTimeout(), null, false, new Ending(1000, "bye", false), false, Tcp.ABORT);
    }

    @Test
    void closeSentEndOfStreamReportsOurCode() {
        ConnectionState s = closeSent();
        assertStep(s.endOfStream(), null, false, new Ending(1000, "bye", false), false, Tcp.ABORT);
    }

    @Test
    void closeSentTransportErrorReportsErrorAnd1006() {
        ConnectionState s = closeSent();
        assertStep(s.transportError(reset), null, true, new Ending(1006, "reset", false), false, Tcp.ABORT);
    }

    @Test
    void closeSentBrokenFramingClosesAndReports() {
        ConnectionState s = closeSent();
        assertStep(s.failure(1002, "bad", reset, true), null, true, new Ending(1002, "bad", true), false, Tcp.CLOSE_AFTER_FLUSH);
        assertSame(Step.NOTHING, closeSent().failure(1009, "big", reset, false));
    }

    // ---- FAILING ----

    @Test
    void failingPeerCloseClosesWithoutASecondReport() {
        ConnectionState s = failing();
        assertStep(s.peerClose(1009, ""), null, false, null, false, Tcp.CLOSE_AFTER_FLUSH);
    }

    @Test
    void failingSecondErrorIsNotReported() {
        ConnectionState s = failing();
        assertSame(Step.NOTHING, s.failure(1007, "utf8", reset, false));
        assertStep(s.failure(1002, "bad", reset, true), null, false, null, false, Tcp.CLOSE_AFTER_FLUSH);
    }

    @Test
    void failingTransportErrorEndOfStreamAndTimeoutAbortSilently() {
        assertSame(Step.ABORT, failing().transportError(reset));
        assertSame(Step.ABORT, failing().endOfStream());
        assertSame(Step.ABORT, failing().closeTimeout());
        assertStep(failing().abort(), null, false, null, false, Tcp.ABORT);
    }

    // ---- CLOSED ----

    @Test
    void closedIgnoresEverythingButDropsTcpWhenAsked() {
        assertSame(Step.NOTHING, closed().peerClose(1000, ""));
        assertSame(Step.NOTHING, closed().localClose(1000, "", false));
        assertSame(Step.NOTHING, closed().failure(1002, "x", reset, true));
        assertSame(Step.ABORT, closed().transportError(reset), "no onError after onClose");
        assertSame(Step.ABORT, closed().endOfStream());
        assertSame(Step.ABORT, closed().closeTimeout(), "the flush backstop");
        Step abort = closed().abort();
        assertNull(abort.ending(), "onClose once");
        assertEquals(Tcp.ABORT, abort.tcp());
    }
}
