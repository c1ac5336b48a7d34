package io.wsgate.engine;

import io.wsgate.protocol.Opcode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The timer chain with a fake clock: idle, ping, pong deadline, close timeout, flush backstop; one chain only. */
class ConnectionTimersTest {

    private static long count(FakeTransport t, int opcode) {
        return t.written().stream().filter(f -> f.opcode() == opcode).count();
    }

    /**
     * Defect 1: idle 1 s and ping 300 ms, a peer that upgrades and then sends nothing (before: never closed, our
     * pings counted as activity). Now: pinged at 300 ms, dropped at 600 ms when the ping is still unanswered.
     */
    @Test
    void silentPeerIsDroppedWhenItsPingGoesUnanswered() {
        Harness h = new Harness(new WebSocketPolicy().idleTimeout(Duration.ofSeconds(1))
                .pingInterval(Duration.ofMillis(300))).started();
        h.scheduler.advanceMillis(299);
        assertEquals(0, count(h.transport, Opcode.PING));
        h.scheduler.advanceMillis(1);
        assertEquals(1, count(h.transport, Opcode.PING));
        assertTrue(h.connection.isOpen());
        h.scheduler.advanceMillis(300);
        assertFalse(h.connection.isOpen(), "dropped 300 ms after the unanswered ping");
        FakeTransport.Frame close = h.transport.lastWritten();
        assertEquals(Opcode.CLOSE, close.opcode());
        assertEquals(1001, close.closeCode());
        assertTrue(h.transport.closed, "TCP closed once the close frame is out");
        assertEquals(List.of("open", "close 1006 peer did not answer a ping within 300 ms engine"), h.listener.events());
    }

    @Test
    void idleCountsOnlyWhatIsReceivedNotWhatIsSent() {
        Harness h = new Harness(new WebSocketPolicy().idleTimeout(Duration.ofSeconds(1))
                .closeTimeout(Duration.ofSeconds(2))).started();
        for (int i = 0; i < 9; i++) {
            h.scheduler.advanceMillis(100);
            h.connection.sendText("push " + i, SendCallback.NOOP);
        }
        h.scheduler.advanceMillis(100);
        assertFalse(h.connection.isOpen(), "our own pushes are not activity");
        FakeTransport.Frame close = h.transport.lastWritten();
        assertEquals(1001, close.closeCode());
        assertEquals("idle timeout", close.text().substring(2));
        assertEquals(List.of("open"), h.listener.events(), "onClose waits for the handshake to end");
        h.scheduler.advanceMillis(1999);
        assertFalse(h.transport.aborted);
        h.scheduler.advanceMillis(1);
        assertTrue(h.transport.aborted, "close timeout: the peer never answered");
        assertEquals(List.of("open", "close 1001 idle timeout engine"), h.listener.events());
    }

    @Test
    void receivingPostponesTheIdleTimeout() {
        Harness h = new Harness(new WebSocketPolicy().idleTimeout(Duration.ofSeconds(1))).started();
        h.scheduler.advanceMillis(900);
        h.receive(ClientFrames.text("alive"));
        h.scheduler.advanceMillis(999);
        assertTrue(h.connection.isOpen());
        h.scheduler.advanceMillis(1);
        assertFalse(h.connection.isOpen());
    }

    @Test
    void answeredPingsKeepAQuietPeerConnected() {
        Harness h = new Harness(new WebSocketPolicy().idleTimeout(Duration.ofSeconds(1))
                .pingInterval(Duration.ofMillis(300))).started();
        for (int i = 0; i < 20; i++) {
            h.scheduler.advanceMillis(300);
            assertEquals(i + 1, count(h.transport, Opcode.PING), "one ping per interval");
            h.receive(ClientFrames.pong());
        }
        assertTrue(h.connection.isOpen(), "6 s of answered pings");
    }

    /**
     * Defect 12: policyChanged() while the timer task was already running made a second chain (pings doubled).
     * Here every cancel comes too late (the old task runs anyway), and there is still one ping per interval.
     */
    @Test
    void policyChangedNeverMakesASecondChain() {
        Harness h = new Harness(new WebSocketPolicy().pingInterval(Duration.ofMillis(300))).started();
        h.scheduler.cancelTooLate = true;
        for (int i = 0; i < 10; i++) {
            h.scheduler.advanceMillis(150);
            h.connection.policyChanged();
            h.connection.policyChanged();
            h.scheduler.advanceMillis(150);
            assertEquals(i + 1, count(h.transport, Opcode.PING), "pings after " + h.scheduler.millis() + " ms");
            h.receive(ClientFrames.pong());
        }
    }

    @Test
    void oneTaskIsScheduledAtATime() {
        Harness h = new Harness(new WebSocketPolicy().pingInterval(Duration.ofMillis(300))
                .idleTimeout(Duration.ofSeconds(1))).started();
        for (int i = 0; i < 5; i++) h.connection.policyChanged();
        assertEquals(1, h.scheduler.pending());
        h.connection.close(1000, "bye");
        assertEquals(1, h.scheduler.pending(), "only the close timer");
    }

    @Test
    void policyChangedAppliesANewIdleTimeout() {
        Harness h = new Harness(new WebSocketPolicy()).started();
        assertEquals(0, h.scheduler.pending(), "no timeouts, no timer");
        h.connection.policy().idleTimeout(Duration.ofMillis(500));
        h.connection.policyChanged();
        h.scheduler.advanceMillis(500);
        assertFalse(h.connection.isOpen());
    }

    @Test
    void closeTimeoutAbortsAPeerThatNeverAnswersOurClose() {
        Harness h = new Harness(new WebSocketPolicy().closeTimeout(Duration.ofMillis(700))).started();
        h.connection.close(4000, "done");
        h.scheduler.advanceMillis(699);
        assertFalse(h.transport.aborted);
        assertEquals(List.of("open"), h.listener.events());
        h.scheduler.advanceMillis(1);
        assertTrue(h.transport.aborted);
        assertEquals(List.of("open", "close 4000 done"), h.listener.events());
        assertEquals(0, h.scheduler.pending(), "nothing left scheduled");
    }

    @Test
    void aCloseAnsweredInTimeStopsTheCloseTimer() {
        Harness h = new Harness(new WebSocketPolicy().closeTimeout(Duration.ofMillis(700))).started();
        h.connection.close(4000, "done");
        h.scheduler.advanceMillis(100);
        h.receive(ClientFrames.close(4000, ""));
        assertTrue(h.transport.closed);
        assertFalse(h.transport.aborted);
        assertEquals(List.of("open", "close 4000 done"), h.listener.events());
    }

    /** A peer that sends its close but never reads ours: TCP is dropped at the close timeout, not kept for ever. */
    @Test
    void closeAfterFlushHasTheCloseTimeoutAsBackstop() {
        Harness h = new Harness(new WebSocketPolicy().closeTimeout(Duration.ofMillis(700))).started();
        h.transport.writable = false;
        h.receive(ClientFrames.close(1000, ""));
        assertTrue(h.transport.closeAfterFlush);
        assertFalse(h.transport.closed);
        h.scheduler.advanceMillis(700);
        assertTrue(h.transport.aborted);
        assertEquals(0, h.connection.queuedBytes(), "the unwritten echo was dropped and its memory counted back");
    }

    @Test
    void aClosedTransportStopsTheBackstopTimer() {
        Harness h = new Harness(new WebSocketPolicy().closeTimeout(Duration.ofMillis(700))).started();
        h.receive(ClientFrames.close(1000, ""));
        assertTrue(h.transport.closed);
        assertEquals(1, h.scheduler.pending(), "the backstop, until the transport says it closed");
        h.connection.onTransportClosed();
        assertEquals(0, h.scheduler.pending(), "nothing keeps the connection reachable");
    }

    /** Failing with intact framing (a message too big) reads on for the peer's close, bounded by the close timer. */
    @Test
    void failingConnectionWaitsForThePeersCloseAtMostTheCloseTimeout() {
        Harness h = new Harness(new WebSocketPolicy().maxMessageSize(4).closeTimeout(Duration.ofMillis(500))).started();
        h.receive(ClientFrames.text("too long"));
        assertEquals(1009, h.transport.lastWritten().closeCode());
        assertFalse(h.transport.closed, "still reading for the peer's close");
        assertEquals(List.of("open", "error ProtocolException", "close 1009 message of at least 8 bytes exceeds the limit of 4 engine"),
                h.listener.events());
        h.scheduler.advanceMillis(500);
        assertTrue(h.transport.aborted);
    }
}
