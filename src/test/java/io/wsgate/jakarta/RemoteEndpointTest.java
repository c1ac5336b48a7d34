package io.wsgate.jakarta;

import io.wsgate.jakarta.remote.EngineThread;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendResult;
import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class RemoteEndpointTest {

    static TestConnection open() throws Exception {
        return open(new WsgateServerContainer(null));
    }

    static TestConnection open(WsgateServerContainer container) throws Exception {
        ServerEndpointConfig sec = ServerEndpointConfig.Builder.create(SessionTest.Programmatic.class, "/p").build();
        return new TestConnection(container, sec, new SessionTest.Programmatic(), Map.of()).open();
    }

    static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void basicSendsAndTheBufferContract() throws Exception {
        TestConnection c = open();
        RemoteEndpoint.Basic basic = c.session().getBasicRemote();
        basic.sendText("t");
        ByteBuffer data = bytes("b");
        basic.sendBinary(data);
        assertEquals(data.limit(), data.position(), "position moves to the limit after a successful send");
        basic.sendText("p1", false);
        basic.sendText("p2", true);
        basic.sendBinary(bytes("q"), true);
        basic.sendPing(bytes("ping"));
        basic.sendPong(bytes("pong"));
        basic.sendObject(42);
        basic.sendObject(true);
        basic.sendObject("s");
        basic.sendObject(bytes("bb"));
        basic.sendObject(new byte[]{'z'});
        assertEquals(List.of("text:t", "binary:b", "textPart:p1:false", "textPart:p2:true", "binaryPart:q:true",
                "ping:ping", "pong:pong", "text:42", "text:true", "text:s", "binary:bb", "binary:z"), c.ws.sent());
        assertThrows(jakarta.websocket.EncodeException.class, () -> basic.sendObject(new Object()));
        assertThrows(IllegalArgumentException.class, () -> basic.sendText(null));
        assertThrows(IllegalArgumentException.class, () -> basic.sendObject(null));
    }

    @Test
    void controlPayloadsOver125BytesAreRefused() throws Exception {
        TestConnection c = open();
        ByteBuffer big = ByteBuffer.allocate(126);
        assertThrows(IllegalArgumentException.class, () -> c.session().getBasicRemote().sendPing(big));
        assertThrows(IllegalArgumentException.class, () -> c.session().getAsyncRemote().sendPong(big));
        c.session().getBasicRemote().sendPing(ByteBuffer.allocate(125));
        assertEquals(1, c.ws.sent().size());
    }

    @Test
    void sendFailuresAreThrownAsIOException() throws Exception {
        TestConnection c = open();
        c.ws.failSendsWith = new io.wsgate.engine.OutboundOverflowException(10, 5, 10);
        assertThrows(io.wsgate.engine.OutboundOverflowException.class, () -> c.session().getBasicRemote().sendText("x"));
    }

    @Test
    void aBlockingSendWaitsForTheWriteOnAnApplicationThread() throws Exception {
        TestConnection c = open();
        c.ws.holdCompletions = true;
        CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
            try {
                c.session().getBasicRemote().sendText("slow");
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        while (c.ws.sent().isEmpty()) Thread.onSpinWait();
        assertFalse(sent.isDone(), "still waiting for the write");
        c.ws.completeNext(null);
        sent.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aBlockingSendOnTheEngineThreadDoesNotWaitAndCopiesTheBuffer() throws Exception {
        TestConnection c = open();
        c.ws.holdCompletions = true;
        ByteBuffer data = bytes("abc");
        EngineThread.enter();
        try {
            c.session().getBasicRemote().sendBinary(data);      // would deadlock if it waited
        } finally {
            EngineThread.exit();
        }
        assertEquals(data.limit(), data.position());
        data.clear();
        data.put(new byte[]{'x', 'y', 'z'});                   // the caller reuses its buffer at once
        assertEquals(List.of("binary:abc"), c.ws.sent());
        assertEquals(1, c.ws.pending.size());
    }

    @Test
    void onTheEngineThreadASendWrittenDuringTheCallReturnsOnlyOnceWrittenAndAFailureIsThrown() throws Exception {
        // The engine writes on the calling thread while the output is ready, completing the send before it
        // returns: the blocking send is then honest. Only a send still queued when the call returns (the output
        // was not ready) returns early, as aBlockingSendOnTheEngineThreadDoesNotWaitAndCopiesTheBuffer shows.
        TestConnection c = open();
        EngineThread.enter();
        try {
            c.session().getBasicRemote().sendText("written");
            assertEquals(List.of("text:written"), c.ws.sent());
            assertTrue(c.ws.pending.isEmpty());
            c.ws.failSendsWith = new IOException("connection reset");
            IOException e = assertThrows(IOException.class, () -> c.session().getBasicRemote().sendText("fails"));
            assertEquals("connection reset", e.getMessage());
        } finally {
            EngineThread.exit();
        }
    }

    @Test
    void aLateFailureOfAnUnwaitedSendReachesOnError() throws Exception {
        SessionTest.Programmatic endpoint = new SessionTest.Programmatic();
        ServerEndpointConfig sec = ServerEndpointConfig.Builder.create(SessionTest.Programmatic.class, "/p").build();
        TestConnection c = new TestConnection(sec, endpoint, Map.of()).open();
        c.ws.holdCompletions = true;
        EngineThread.enter();
        try {
            c.session().getBasicRemote().sendText("x");
        } finally {
            EngineThread.exit();
        }
        c.ws.completeNext(new IOException("broken pipe"));
        assertEquals(List.of("error:broken pipe"), endpoint.events);
    }

    @Test
    void aWholeMessageFromAnotherThreadIsNotRefusedDuringAPartialMessage() throws Exception {
        // The engine queues it behind the partial message (OutboundMessagesTest); this layer must just pass it on.
        TestConnection c = open();
        RemoteEndpoint.Basic basic = c.session().getBasicRemote();
        basic.sendText("part1", false);
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> {
            started.countDown();
            try {
                basic.sendText("whole");
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        started.await();
        c.session().getAsyncRemote().sendText("async whole");   // queued behind the partial message too
        basic.sendText("part2", true);
        other.get(10, TimeUnit.SECONDS);
        List<String> sent = c.ws.sent();
        assertTrue(sent.containsAll(List.of("textPart:part1:false", "textPart:part2:true", "text:whole", "text:async whole")),
                sent.toString());
        assertTrue(sent.indexOf("textPart:part1:false") < sent.indexOf("textPart:part2:true"), sent.toString());
        assertEquals(4, sent.size());
    }

    @Test
    void aThreadInterleavingItsOwnPartialMessageGetsIllegalStateException() throws Exception {
        TestConnection c = open();
        RemoteEndpoint.Basic basic = c.session().getBasicRemote();
        basic.sendBinary(bytes("a"), false);
        assertThrows(IllegalStateException.class, () -> basic.sendText("whole"));
        assertThrows(IllegalStateException.class, () -> basic.sendText("nor a text part", false));
        basic.sendBinary(bytes("b"), true);
        basic.sendText("now fine");
        assertEquals(List.of("binaryPart:a:false", "binaryPart:b:true", "text:now fine"), c.ws.sent());
    }

    @Test
    void aFutureWaitedForOnTheEngineThreadDoesNotBlockIt() throws Exception {
        TestConnection c = open();
        c.ws.holdCompletions = true;
        Future<Void> f = c.session().getAsyncRemote().sendText("a");
        EngineThread.enter();
        try {
            assertNull(f.get(), "returns once queued: the write it would wait for needs this thread back");
        } finally {
            EngineThread.exit();
        }
        assertFalse(f.isDone());
        c.ws.completeNext(null);
        assertNull(f.get());
    }

    @Test
    void asyncSendsCompleteFuturesAndHandlers() throws Exception {
        TestConnection c = open();
        RemoteEndpoint.Async async = c.session().getAsyncRemote();
        c.ws.holdCompletions = true;
        Future<Void> f = async.sendText("a");
        CompletableFuture<SendResult> result = new CompletableFuture<>();
        ByteBuffer data = bytes("b");
        async.sendBinary(data, result::complete);
        assertFalse(f.isDone());
        c.ws.completeNext(null);
        assertNull(f.get());
        c.ws.completeNext(new IOException("gone"));
        SendResult r = result.get();
        assertFalse(r.isOK());
        assertEquals("gone", r.getException().getMessage());
        assertSame(c.session(), r.getSession());
        Future<Void> failed = async.sendObject(new Object());
        ExecutionException e = assertThrows(ExecutionException.class, failed::get);
        assertInstanceOf(jakarta.websocket.EncodeException.class, e.getCause());
        assertThrows(IllegalArgumentException.class, () -> async.sendText("x", null));
        assertThrows(IllegalArgumentException.class, () -> async.sendBinary(null));
        assertFalse(f.cancel(true));
    }

    @Test
    void anAsyncSendThatTimesOutFailsAndAbortsTheConnection() throws Exception {
        WsgateServerContainer container = new WsgateServerContainer(null);
        try {
            TestConnection c = open(container);
            c.ws.holdCompletions = true;
            RemoteEndpoint.Async async = c.session().getAsyncRemote();
            async.setSendTimeout(50);
            Future<Void> f = async.sendText("stalled");
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
            assertInstanceOf(SocketTimeoutException.class, e.getCause());
            // the abort follows the failed send (it may wait for a running callback)
            assertTrue(io.wsgate.it.Deadline.await(java.time.Duration.ofSeconds(10), () -> c.ws.aborted));
            c.ws.completeNext(null);       // the engine's late completion changes nothing
            assertTrue(f.isDone());
        } finally {
            container.shutdown();
        }
    }

    @Test
    void aBlockingSendTimesOutToo() throws Exception {
        WsgateServerContainer container = new WsgateServerContainer(null);
        container.setBlockingSendTimeout(50);
        try {
            TestConnection c = open(container);
            c.ws.holdCompletions = true;
            assertThrows(SocketTimeoutException.class, () -> c.session().getBasicRemote().sendText("stalled"));
            assertTrue(io.wsgate.it.Deadline.await(java.time.Duration.ofSeconds(10), () -> c.ws.aborted));
            assertThrows(java.io.IOException.class, () -> c.session().getBasicRemote().sendText("after the timeout"),
                    "a send after a timed-out one is refused");
        } finally {
            container.shutdown();
        }
    }

    @Test
    void writerAndStreamSendOneMessageInParts() throws Exception {
        TestConnection c = open();
        try (Writer w = c.session().getBasicRemote().getSendWriter()) {
            w.write("x".repeat(8192));
            w.write("end");
        }
        try (OutputStream out = c.session().getBasicRemote().getSendStream()) {
            out.write("abc".getBytes(StandardCharsets.UTF_8));
        }
        c.session().getBasicRemote().getSendWriter().close();      // nothing written: nothing sent
        Writer empty = c.session().getBasicRemote().getSendWriter();
        empty.write("");
        empty.close();                                             // written (even empty): one message
        List<String> sent = c.ws.sent();
        assertEquals(List.of("textPart:" + "x".repeat(8192) + ":false", "textPart:end:true", "binaryPart:abc:true",
                "textPart::true"), sent);
    }

    @Test
    void theWriterNeverSplitsASurrogatePair() throws Exception {
        TestConnection c = open();
        String clef = "𝄞";
        try (Writer w = c.session().getBasicRemote().getSendWriter()) {
            w.write("x".repeat(8191) + clef.charAt(0));    // the buffer fills on a high surrogate
            w.write(clef.charAt(1) + "y");
        }
        List<String> sent = c.ws.sent();
        assertEquals(2, sent.size());
        assertEquals("textPart:" + "x".repeat(8191) + ":false", sent.get(0), "the high surrogate waits for its pair");
        assertEquals("textPart:" + clef + "y:true", sent.get(1));
    }

    @Test
    void batchingIsAllowedButNothingIsHeldBack() throws Exception {
        TestConnection c = open();
        RemoteEndpoint.Basic basic = c.session().getBasicRemote();
        assertFalse(basic.getBatchingAllowed());
        basic.setBatchingAllowed(true);
        assertTrue(basic.getBatchingAllowed());
        basic.sendText("now");
        assertEquals(List.of("text:now"), c.ws.sent());
        basic.flushBatch();
    }

    /**
     * Sends "a" with batching on, then flushes the batch (or turns batching off) on another thread, named in
     * {@code thread}; the result tells whether the send was written when that call returned.
     */
    private static CompletableFuture<Boolean> flushOnAnotherThread(TestConnection c, boolean engineThread,
                                                                 RemoteEndpoint.Basic flusher, boolean turnOff,
                                                                 CompletableFuture<SendResult> handled,
                                                                 java.util.concurrent.atomic.AtomicReference<Thread> thread)
            throws Exception {
        c.ws.holdCompletions = true;
        flusher.setBatchingAllowed(true);
        c.session().getAsyncRemote().sendText("a", handled::complete);
        return CompletableFuture.supplyAsync(() -> {
            thread.set(Thread.currentThread());
            if (engineThread) EngineThread.enter();
            try {
                if (turnOff) flusher.setBatchingAllowed(false);
                else flusher.flushBatch();
                return handled.isDone(); // whether the batch was written when the call returned
            } catch (IOException e) {
                throw new RuntimeException(e);
            } finally {
                if (engineThread) EngineThread.exit();
            }
        });
    }

    @Test
    void onAnApplicationThreadFlushBatchAndBatchingOffReturnOnceTheBatchIsWritten() throws Exception {
        for (boolean turnOff : new boolean[] {false, true}) {
            TestConnection c = open();
            CompletableFuture<SendResult> handled = new CompletableFuture<>();
            var flusher = new java.util.concurrent.atomic.AtomicReference<Thread>();
            CompletableFuture<Boolean> writtenOnReturn =
                    flushOnAnotherThread(c, false, c.session().getBasicRemote(), turnOff, handled, flusher);
            // The write comes once the flusher waits for it (or returned without waiting).
            while (!writtenOnReturn.isDone()
                    && (flusher.get() == null || flusher.get().getState() != Thread.State.TIMED_WAITING)) {
                Thread.onSpinWait();
            }
            c.ws.completeNext(null);
            assertTrue(writtenOnReturn.get(30, TimeUnit.SECONDS), "returned before the batch was written");
            assertTrue(handled.get().isOK());
        }
    }

    @Test
    void onAnEngineThreadNotTheContainersFlushBatchAndBatchingOffReturnOnceTheBatchIsHandedOver() throws Exception {
        // The write may need this very thread back (a SendHandler completed by the thread that writes): it only
        // hands the batch over, as a blocking send there only queues. The FakeWebSocketSession's writeUntil
        // answers false, as the transport's does on any thread but the container's inside a callback.
        for (boolean turnOff : new boolean[] {false, true}) {
            TestConnection c = open();
            CompletableFuture<SendResult> handled = new CompletableFuture<>();
            CompletableFuture<Boolean> writtenOnReturn = flushOnAnotherThread(c, true, c.session().getBasicRemote(),
                    turnOff, handled, new java.util.concurrent.atomic.AtomicReference<>());
            assertFalse(writtenOnReturn.get(30, TimeUnit.SECONDS), "returned without waiting for the write");
            assertEquals(List.of("text:a"), c.ws.sent());
            assertFalse(handled.isDone());
            c.ws.completeNext(null);
            assertTrue(handled.get(30, TimeUnit.SECONDS).isOK(), "the handler still completes once written");
        }
    }
}
