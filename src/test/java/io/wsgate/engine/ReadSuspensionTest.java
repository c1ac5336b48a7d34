package io.wsgate.engine;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A listener that hands message data to another thread (a Reader handler) suspends reading while that thread has
 * enough to do, and resumes it when it has consumed the data: the engine stops after the current chunk, keeps the
 * rest of the read (like the pause of a full outbound queue) and reads again only when resumed.
 */
class ReadSuspensionTest {

    private final Harness h = new Harness(new WebSocketPolicy()).started();

    @Test
    void suspendingInsideAChunkStopsAfterItAndKeepsTheRest() {
        h.listener.onTextAction = text -> h.connection.suspendReading();

        boolean mayRead = h.receive(ClientFrames.text("one"), ClientFrames.text("two"), ClientFrames.text("three"));

        assertFalse(mayRead, "the transport must not read while the listener has reading suspended");
        assertEquals(List.of("open", "text one"), h.listener.events());
        assertTrue(h.connection.heldInputBytes() > 0, "the rest of the read is kept");
        assertFalse(h.connection.readyForInput(), "still suspended");

        h.listener.onTextAction = text -> {};
        h.connection.resumeReading();
        assertEquals(1, h.transport.resumeRequests, "resuming asks the transport to read again");
        assertTrue(h.connection.readyForInput());
        assertEquals(List.of("open", "text one", "text two", "text three"), h.listener.events());
        assertEquals(0, h.connection.heldInputBytes());
    }

    @Test
    void suspendedWithNothingLeftTheTransportWaitsForTheResume() {
        h.listener.onTextAction = text -> h.connection.suspendReading();
        assertFalse(h.receive(ClientFrames.text("one")));
        assertFalse(h.connection.readyForInput());

        h.connection.resumeReading();
        assertTrue(h.connection.readyForInput());
        h.listener.onTextAction = text -> {};
        assertTrue(h.receive(ClientFrames.text("two")));
        assertEquals(List.of("open", "text one", "text two"), h.listener.events());
    }

    @Test
    void aResumeBeforeTheReaderNoticedLetsItGoOn() {
        h.listener.onTextAction = text -> {
            h.connection.suspendReading();
            h.connection.resumeReading();
        };
        assertTrue(h.receive(ClientFrames.text("one"), ClientFrames.text("two")));
        assertEquals(List.of("open", "text one", "text two"), h.listener.events());
    }

    @Test
    void resumingWhatWasNotSuspendedAsksNothing() {
        h.connection.resumeReading();
        assertEquals(0, h.transport.resumeRequests);
    }

    @Test
    void theQueueStillPausesReadingAfterTheListenerResumes() {
        h.listener.onTextAction = text -> h.connection.suspendReading();
        assertFalse(h.receive(ClientFrames.text("one"), ClientFrames.text("two")));
        h.connection.policy().maxOutboundBytes(1);
        h.transport.writable = false;
        h.listener.onTextAction = text -> h.listener.session.sendText(text, failure -> {});
        h.connection.resumeReading();
        // the full queue keeps reading paused whatever the listener says
        assertFalse(h.connection.readyForInput());
        h.transport.drain();
        assertTrue(h.connection.readyForInput());
    }

    @Test
    void aConnectionThatEndedWhileSuspendedNeedsNoResume() {
        h.listener.onTextAction = text -> h.connection.suspendReading();
        assertFalse(h.receive(ClientFrames.text("one"), ClientFrames.text("two")));
        h.connection.abort();
        assertTrue(h.connection.readyForInput(), "a closed connection is never held back");
        assertEquals(0, h.connection.heldInputBytes());
    }
}
