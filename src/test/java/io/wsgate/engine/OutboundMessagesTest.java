package io.wsgate.engine;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine's send side over a transport that records frames: message order, fragments, the bound. */
class OutboundMessagesTest {

    /** Records each frame as "opcode fin payload"; can be told the queue is full. */
    static final class RecordingTransport implements Transport {
        final List<String> frames = new ArrayList<>();
        final List<Thread> callbackThreads = new ArrayList<>();
        final List<OutboundFrame> queued = new ArrayList<>();
        final FakeScheduler scheduler = new FakeScheduler();
        /** Holds frames back (the peer does not read), so the queue fills. */
        boolean full;

        @Override
        public synchronized Offer enqueue(OutboundFrame frame) {
            queued.add(frame);
            return Offer.QUEUED;
        }

        @Override
        public void flush() {
            List<OutboundFrame> batch;
            synchronized (this) {
                if (full) return;
                batch = new ArrayList<>(queued);
                queued.clear();
            }
            for (OutboundFrame f : batch) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try {
                    while (!f.isWritten()) f.writeTo(out::write, 1 << 20);
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
                byte[] b = out.toByteArray();
                int headerLength = (b[1] & 0x7F) <= 125 ? 2 : (b[1] & 0x7F) == 126 ? 4 : 10;
                synchronized (this) {
                    frames.add((b[0] & 0x0F) + ((b[0] & 0x80) != 0 ? " fin " : " more ")
                            + new String(b, headerLength, b.length - headerLength, StandardCharsets.UTF_8));
                }
                f.complete(null);
            }
        }

        @Override public void closeAfterFlush() {}
        @Override public void abort() {}
        @Override public void resumeReading() {}
        @Override public Scheduler scheduler() { return scheduler; }
    }

    private final RecordingTransport transport = new RecordingTransport();
    private final WebSocketConnection connection = new WebSocketConnection(new WholeMessageListener() {
        @Override protected void onText(String message) {}
        @Override protected void onBinary(ByteBuffer message) {}
    }, transport, new WebSocketPolicy());

    @Test
    void wholeMessagesFromOtherThreadsWaitForAFragmentedMessageToEnd() throws Exception {
        connection.sendTextPart("Hel", false, SendCallback.NOOP);
        CompletableFuture<Throwable> other = new CompletableFuture<>();
        CompletableFuture.runAsync(() -> connection.sendText("whole", other::complete)).get(5, TimeUnit.SECONDS);
        assertFalse(other.isDone(), "waits until the fragmented message ends");
        connection.sendTextPart("lo", true, SendCallback.NOOP);
        assertEquals(null, other.get(5, TimeUnit.SECONDS));
        assertEquals(List.of("1 more Hel", "0 fin lo", "1 fin whole"), transport.frames);
    }

    @Test
    void aSurrogatePairSplitAcrossPartsIsSentWhole() {
        String pair = "\uD83D\uDE00"; // one emoji, two chars
        connection.sendTextPart("a" + pair.charAt(0), false, SendCallback.NOOP);
        connection.sendTextPart(pair.charAt(1) + "b", true, SendCallback.NOOP);
        assertEquals(List.of("1 more a", "0 fin " + pair + "b"), transport.frames);
    }

    @Test
    void largeDirectAndReadOnlyBuffersAreSentIntact() {
        byte[] data = new byte[20_000];
        new java.util.Random(3).nextBytes(data);
        ByteBuffer direct = ByteBuffer.allocateDirect(data.length).put(data).flip();
        connection.sendBinary(direct, SendCallback.NOOP);
        connection.sendBinary(ByteBuffer.wrap(data).asReadOnlyBuffer(), SendCallback.NOOP);
        String expected = "2 fin " + new String(data, StandardCharsets.UTF_8);
        assertEquals(List.of(expected, expected), transport.frames);
    }

    @Test
    void partsOfAnotherTypeAreRefusedWhileAMessageIsOpen() {
        connection.sendBinaryPart(ByteBuffer.wrap(new byte[]{'x'}), false, SendCallback.NOOP);
        assertThrows(IllegalStateException.class, () -> connection.sendTextPart("t", true, SendCallback.NOOP));
    }

    @Test
    void aFullQueueRefusesTheSendThroughItsCallbackOutsideTheLock() {
        transport.full = true;
        connection.policy().maxOutboundBytes(10);
        connection.sendText("fills the queue", SendCallback.NOOP);
        CompletableFuture<Throwable> result = new CompletableFuture<>();
        connection.sendText("x", failure -> {
            assertFalse(Thread.holdsLock(connection) || Thread.holdsLock(connection.outbound));
            result.complete(failure);
        });
        assertInstanceOf(OutboundOverflowException.class, result.getNow(null));
        assertTrue(connection.isOpen(), "FAIL_SEND leaves the connection open");
    }

    @Test
    void callbacksRunWithoutTheEngineLockHeld() {
        List<Boolean> heldDuringCallback = new ArrayList<>();
        connection.sendText("a", failure -> heldDuringCallback.add(Thread.holdsLock(connection) || Thread.holdsLock(connection.outbound)));
        assertEquals(List.of(false), heldDuringCallback);
    }

    /** Test showed the held high surrogate lost when the next part was refused; now the retried part carries it. */
    @Test
    void aHeldHighSurrogateSurvivesARefusedPart() {
        String pair = "\uD83D\uDE00";
        String first = "m".repeat(300);
        connection.policy().maxOutboundBytes(200);
        transport.full = true; // the peer does not read for now
        connection.sendTextPart(first + pair.charAt(0), false, SendCallback.NOOP); // queued; the high surrogate is held
        CompletableFuture<Throwable> refused = new CompletableFuture<>();
        connection.sendTextPart(pair.charAt(1) + "b", true, refused::complete);
        assertInstanceOf(OutboundOverflowException.class, refused.getNow(null));
        transport.full = false;
        transport.flush();
        connection.sendTextPart(pair.charAt(1) + "b", true, SendCallback.NOOP);
        assertEquals(List.of("1 more " + first, "0 fin " + pair + "b"), transport.frames);
    }
}
