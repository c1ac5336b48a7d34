package io.wsgate.engine;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Defect 6, engine side: the listener sees onOpen -> (messages, onError)* -> onClose, each end exactly once,
 * never nested, never overlapping, never onError after onClose, never onClose without onOpen.
 */
class CallbackOrderTest {

    /**
     * Before: onClose ran nested inside the onText that aborted (a tryLock on the reentrant lock the thread held).
     * Now it runs after onText has returned.
     */
    @Test
    void onCloseCausedInsideACallbackRunsAfterItNotInsideIt() {
        Harness h = new Harness(new WebSocketPolicy()).started();
        h.listener.onTextAction = text -> h.connection.abort();
        h.receive(ClientFrames.text("bye"));
        assertEquals(List.of("open", "text bye", "close 1006 aborted"), h.listener.events());
        assertEquals(List.of(), h.listener.violations);
    }

    @Test
    void aProtocolErrorInsideTheSameReadIsReportedAfterTheRunningCallback() {
        Harness h = new Harness(new WebSocketPolicy().maxMessageSize(10)).started();
        h.listener.onTextAction = text -> h.connection.close(1000, "from callback");
        h.receive(ClientFrames.text("first"), ClientFrames.text("x".repeat(50)), ClientFrames.close(1000, ""));
        assertEquals(List.of("open", "text first", "close 1000 from callback"), h.listener.events(),
                "after our close, data is dropped: no error for the big message, one close");
        assertEquals(List.of(), h.listener.violations);
    }

    /**
     * No path of the engine reads inside a listener call (a resumed read runs on another thread); if one ever did,
     * the nested data call must not lose the message quietly. Before: dropped with a warning; now it throws.
     */
    @Test
    void aDataCallThatWouldNestInsideAnotherFailsLoudly() {
        Harness h = new Harness(new WebSocketPolicy()).started();
        Throwable[] nested = new Throwable[1];
        h.listener.onTextAction = text -> {
            if (!text.equals("outer")) return;
            try {
                h.receive(ClientFrames.text("inner"));
            } catch (RuntimeException e) {
                nested[0] = e;
            }
        };
        h.receive(ClientFrames.text("outer"));
        assertTrue(nested[0] instanceof IllegalStateException, "the nested read failed loudly: " + nested[0]);
        assertEquals(List.of("open", "text outer"), h.listener.events());
    }

    @Test
    void noOnErrorAfterOnClose() {
        Harness h = new Harness(new WebSocketPolicy()).started();
        h.receive(ClientFrames.close(1000, "done"));
        h.connection.onTransportError(new IOException("reset after close"));
        h.connection.onEndOfStream();
        h.connection.abort();
        assertEquals(List.of("open", "close 1000 done"), h.listener.events());
    }

    @Test
    void aSecondProtocolErrorIsNotReported() {
        Harness h = new Harness(new WebSocketPolicy().maxMessageSize(4)).started();
        h.receive(ClientFrames.text("too long"));
        h.receive(ClientFrames.frame(0x1, true, new byte[]{(byte) 0xC3})); // invalid UTF-8, after the failure
        h.connection.onTransportError(new IOException("reset"));
        assertEquals(List.of("open", "error ProtocolException",
                "close 1009 message of at least 8 bytes exceeds the limit of 4 engine"), h.listener.events());
    }

    @Test
    void anEndBeforeStartIsDeliveredAfterOnOpen() {
        Harness h = new Harness(new WebSocketPolicy());
        h.connection.onTransportError(new IOException("reset"));
        assertEquals(List.of(), h.listener.events(), "no onClose without onOpen");
        h.connection.start();
        assertEquals(List.of("open", "error IOException", "close 1006 reset"), h.listener.events());
        assertEquals(0, h.scheduler.pending(), "no timers for a closed connection");
    }

    /** A transport error arriving (on another thread) while onOpen runs waits for onOpen to finish. */
    @Test
    void anErrorWhileOnOpenRunsWaitsForIt() throws Exception {
        RecordingListener listener = new RecordingListener();
        CountDownLatch inOpen = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        listener.onOpenAction = () -> {
            inOpen.countDown();
            await(release);
        };
        Harness h = new Harness(new WebSocketPolicy(), listener);
        CompletableFuture<Void> opening = CompletableFuture.runAsync(h.connection::start);
        assertTrue(inOpen.await(10, TimeUnit.SECONDS));
        h.connection.onTransportError(new IOException("reset")); // returns at once: posted, not waiting
        assertEquals(List.of("open"), listener.events());
        release.countDown();
        opening.get(10, TimeUnit.SECONDS);
        assertEquals(List.of("open", "error IOException", "close 1006 reset"), listener.events());
        assertEquals(List.of(), listener.violations);
    }

    /**
     * A close from another thread while the reader is inside onText does not wait for it and is delivered after it;
     * data read after the close was reported is not delivered.
     */
    @Test
    void aCloseFromAnotherThreadNeverOverlapsARunningCallback() throws Exception {
        Harness h = new Harness(new WebSocketPolicy()).started();
        CountDownLatch inText = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        h.listener.onTextAction = text -> {
            if (text.equals("slow")) {
                inText.countDown();
                await(release);
            }
        };
        CompletableFuture<Boolean> reading = CompletableFuture.supplyAsync(() -> h.receive(ClientFrames.text("slow"), ClientFrames.text("after")));
        assertTrue(inText.await(10, TimeUnit.SECONDS));
        h.connection.abort(); // from this thread: must not block on the running callback
        assertEquals(List.of("open", "text slow"), h.listener.events());
        release.countDown();
        reading.get(10, TimeUnit.SECONDS);
        assertEquals(List.of("open", "text slow", "close 1006 aborted"), h.listener.events());
        assertEquals(List.of(), h.listener.violations);
    }

    @Test
    void onCloseIsDeliveredOnceWhateverEndsTheConnection() {
        Harness h = new Harness(new WebSocketPolicy()).started();
        h.connection.close(1000, "one");
        h.connection.close(1001, "two");
        h.receive(ClientFrames.close(1000, ""));
        h.connection.onEndOfStream();
        h.connection.abort();
        h.scheduler.advanceMillis(60_000);
        assertEquals(List.of("open", "close 1000 one"), h.listener.events());
    }

    @Test
    void aListenerThatThrowsDoesNotBreakTheOrder() {
        RecordingListener listener = new RecordingListener();
        listener.onTextAction = text -> { throw new IllegalStateException("endpoint bug"); };
        Harness h = new Harness(new WebSocketPolicy(), listener).started();
        h.receive(ClientFrames.text("a"), ClientFrames.text("b"), ClientFrames.close(1000, ""));
        assertEquals(List.of("open", "text a", "text b", "close 1000 "), listener.events());
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) throw new AssertionError("not released");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
