package io.wsgate.engine;

import io.wsgate.protocol.Opcode;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Defects 0 and 4, engine side: the outbound queue holds at most maxOutboundBytes plus one message of real memory
 * (frame bytes plus per-frame overhead), whatever thread sends and however small the messages; reading stops as
 * soon as the queue is full and resumes when it drains; nothing is kept once the connection ends.
 */
class OutboundBoundTest {

    private static final int BOUND = 64 * 1024;
    /** Read size of the servlet transport's pooled buffers. */
    private static final int READ = 32 * 1024;

    /** An echo endpoint, as the sample's /echo: every text comes straight back from the callback. */
    private static Harness echo(WebSocketPolicy policy) {
        Harness h = new Harness(policy);
        h.listener.onTextAction = text -> h.connection.sendText(text, SendCallback.NOOP);
        return h.started();
    }

    /**
     * Feeds {@code input} as a transport would, in 32 KiB reads, against a peer that never reads. Returns the input
     * not yet read when reading paused.
     */
    private static ByteBuffer floodUntilPaused(Harness h, ByteBuffer input) {
        while (input.hasRemaining()) {
            ByteBuffer read = input.slice(input.position(), Math.min(READ, input.remaining()));
            input.position(input.position() + read.remaining());
            if (!h.receive(read)) return input;
        }
        return input;
    }

    private void floodAnEchoThatIsNotRead(int messageSize) {
        Harness h = echo(new WebSocketPolicy().maxOutboundBytes(BOUND).maxMessageSize(1 << 20));
        h.transport.writable = false;
        int count = 20_000;
        byte[] frame = ClientFrames.text("x".repeat(messageSize));
        ByteBuffer input = ClientFrames.repeated(frame, count);
        long oneMessage = OutboundBudget.charge(messageSize);

        ByteBuffer rest = floodUntilPaused(h, input);
        assertTrue(h.connection.isInputPaused(), "reading paused");
        assertTrue(rest.hasRemaining() || h.connection.heldInputBytes() > 0, "input left unread");
        assertTrue(h.connection.queuedBytes() >= BOUND, "paused only once full: " + h.connection.queuedBytes());
        assertTrue(h.connection.maxQueuedBytes() <= BOUND + oneMessage,
                "queue " + h.connection.maxQueuedBytes() + " <= bound " + BOUND + " + one message " + oneMessage);
        assertTrue(h.connection.heldInputBytes() < READ, "at most the rest of one read is kept");
        long echoesBeforeDrain = h.transport.queue.size();

        // The peer reads: reading resumes (asked through the transport), everything is echoed, in order.
        int resumes = 0;
        while (true) {
            h.transport.drain();
            h.transport.writable = false;
            if (h.transport.resumeRequests > resumes) {
                resumes = h.transport.resumeRequests;
                if (!h.connection.readyForInput()) continue;
            } else if (h.connection.isInputPaused()) {
                throw new AssertionError("paused and never resumed");
            }
            if (!rest.hasRemaining()) break;
            rest = floodUntilPaused(h, rest);
        }
        h.transport.drain();
        assertTrue(resumes > 0);
        assertTrue(echoesBeforeDrain < count, "paused before reading everything");
        List<FakeTransport.Frame> written = h.transport.written();
        assertEquals(count, written.size(), "every message echoed once");
        assertTrue(written.stream().allMatch(f -> f.opcode() == Opcode.TEXT && f.payload().length == messageSize));
        assertTrue(h.connection.maxQueuedBytes() <= BOUND + oneMessage, "bound held throughout: " + h.connection.maxQueuedBytes());
        assertEquals(0, h.connection.queuedBytes());
        assertEquals(0, h.connection.heldInputBytes());
    }

    /** Before: the bound counted 3-byte frames and reading paused only between 32 KiB reads. */
    @Test
    void floodOfOneByteMessagesToAnEchoThatIsNotReadStaysWithinTheBound() {
        floodAnEchoThatIsNotRead(1);
    }

    @Test
    void floodOfOneKibMessagesToAnEchoThatIsNotReadStaysWithinTheBound() {
        floodAnEchoThatIsNotRead(1024);
    }

    /** Before: sends from the connection's own callback were never refused (Long.MAX_VALUE limit). */
    @Test
    void sendsFromTheCallbackThreadAreBoundedToo() {
        Harness h = new Harness(new WebSocketPolicy().maxOutboundBytes(BOUND));
        List<Throwable> failures = new ArrayList<>();
        byte[] kib = new byte[1024];
        h.listener.onTextAction = text -> {
            for (int i = 0; i < 1000; i++) h.connection.sendBinary(ByteBuffer.wrap(kib), f -> { if (f != null) failures.add(f); });
        };
        h.started();
        h.transport.writable = false;
        h.receive(ClientFrames.text("stream me a megabyte"));
        assertTrue(h.connection.maxQueuedBytes() <= BOUND + OutboundBudget.charge(1024), "" + h.connection.maxQueuedBytes());
        assertFalse(failures.isEmpty());
        assertInstanceOf(OutboundOverflowException.class, failures.get(0));
        assertTrue(h.connection.isOpen(), "FAIL_SEND: only the sends fail");
    }

    /** Before: whole messages waiting behind an open partial message were neither counted nor bounded. */
    @Test
    void messagesWaitingBehindAPartialMessageAreCountedAndBounded() {
        Harness h = new Harness(new WebSocketPolicy().maxOutboundBytes(BOUND)).started();
        h.connection.sendTextPart("open ", false, SendCallback.NOOP);
        h.transport.drain();
        assertEquals(0, h.connection.queuedBytes());
        List<Throwable> results = new ArrayList<>();
        String kib = "k".repeat(1024);
        for (int i = 0; i < 200; i++) h.connection.sendText(kib, results::add);
        assertTrue(h.connection.queuedBytes() >= BOUND, "waiting messages are counted: " + h.connection.queuedBytes());
        assertTrue(h.connection.maxQueuedBytes() <= BOUND + OutboundBudget.charge(1024));
        assertTrue(results.stream().allMatch(f -> f instanceof OutboundOverflowException), "only refusals reported so far");
        int refused = results.size();
        assertTrue(refused > 0);
        h.connection.sendTextPart("end", true, SendCallback.NOOP);
        h.transport.drain();
        assertEquals(1 + 1 + (200 - refused), h.transport.written().size(), "the waiting ones follow the partial message");
        assertEquals(0, h.connection.queuedBytes());
    }

    @Test
    void waitingMessagesGiveTheirMemoryBackWhenTheConnectionCloses() {
        Harness h = new Harness(new WebSocketPolicy().maxOutboundBytes(BOUND)).started();
        h.connection.sendTextPart("open ", false, SendCallback.NOOP);
        List<Throwable> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) h.connection.sendText("waiting", results::add);
        h.connection.abort();
        assertEquals(10, results.size());
        assertEquals(0, h.connection.queuedBytes());
    }

    /** Memory returns once a slow client goes: queue and held input are let go of. */
    @Test
    void nothingIsKeptAfterASlowClientGoes() {
        Harness h = echo(new WebSocketPolicy().maxOutboundBytes(BOUND));
        h.transport.writable = false;
        floodUntilPaused(h, ClientFrames.repeated(ClientFrames.text("y"), 50_000));
        assertTrue(h.connection.queuedBytes() > 0);
        assertTrue(h.connection.heldInputBytes() > 0);
        h.connection.onEndOfStream();
        assertEquals(0, h.connection.queuedBytes());
        assertEquals(0, h.connection.heldInputBytes());
        assertFalse(h.connection.isInputPaused());
        assertTrue(h.transport.aborted);
        assertEquals(0, h.scheduler.pending());
    }

    /** Every ping queues a pong: a ping flood from a peer that does not read pauses reading like any other. */
    @Test
    void aPingFloodPausesReading() {
        Harness h = new Harness(new WebSocketPolicy().maxOutboundBytes(BOUND)).started();
        h.transport.writable = false;
        ByteBuffer rest = floodUntilPaused(h, ClientFrames.repeated(ClientFrames.ping("p"), 50_000));
        assertTrue(h.connection.isInputPaused());
        assertTrue(rest.hasRemaining());
        assertTrue(h.connection.maxQueuedBytes() <= BOUND + OutboundBudget.charge(125));
    }

    /** Reading pauses while full, but a send from another thread is still refused, not queued beyond the bound. */
    @Test
    void sendsFromOtherThreadsAreRefusedOnceFull() throws Exception {
        Harness h = new Harness(new WebSocketPolicy().maxOutboundBytes(BOUND)).started();
        h.transport.writable = false;
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread other = new Thread(() -> {
            for (int i = 0; i < 5000; i++) h.connection.sendText("z".repeat(100), f -> { if (f != null) failures.add(f); });
        });
        other.start();
        other.join(10_000);
        assertTrue(h.connection.maxQueuedBytes() <= BOUND + OutboundBudget.charge(100));
        assertFalse(failures.isEmpty());
    }
}
