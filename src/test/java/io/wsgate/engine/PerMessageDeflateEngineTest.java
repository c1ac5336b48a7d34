package io.wsgate.engine;

import io.wsgate.protocol.DeflateParameters;
import io.wsgate.protocol.DeflaterPool;
import io.wsgate.protocol.MessageDeflater;
import io.wsgate.protocol.MessageInflater;
import io.wsgate.protocol.ProtocolException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.Deflater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** permessage-deflate in the engine, in memory: RSV1 rules, inflated limits and UTF-8, compression, memory. */
class PerMessageDeflateEngineTest {

    private static final DeflateParameters CONTEXT = new DeflateParameters(false, false, 15, false, 0);
    private static final DeflateParameters NO_CONTEXT = new DeflateParameters(true, true, 15, false, 0);
    private static final byte[] HELLO = HexFormat.of().parseHex("f248cdc9c90700");

    private final PerMessageDeflate shared = new PerMessageDeflate(16);

    @AfterEach
    void close() {
        shared.close();
    }

    private Harness harness(WebSocketPolicy policy, DeflateParameters agreed) {
        return new Harness(policy, new RecordingListener(), shared, agreed);
    }

    private static byte[] compressed(int opcode, boolean fin, byte[] payload) {
        byte[] f = ClientFrames.frame(opcode, fin, payload);
        f[0] |= 0x40;
        return f;
    }

    private static byte[] deflate(byte[] message) {
        DeflaterPool pool = new DeflaterPool(Deflater.DEFAULT_COMPRESSION, 0);
        ByteBuffer c = MessageDeflater.compressAlone(pool, false, ByteBuffer.wrap(message));
        pool.close();
        byte[] a = new byte[c.remaining()];
        c.get(a);
        return a;
    }

    private static String inflate(List<FakeTransport.Frame> frames) throws ProtocolException {
        DeflaterPool pool = new DeflaterPool(Deflater.DEFAULT_COMPRESSION, 0);
        MessageInflater inflater = new MessageInflater(pool, CONTEXT);
        StringBuilder sb = new StringBuilder();
        for (FakeTransport.Frame f : frames) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            inflater.inflate(ByteBuffer.wrap(f.payload()), true, new byte[512], (d, last) -> {
                byte[] a = new byte[d.remaining()];
                d.get(a);
                out.writeBytes(a);
            });
            sb.append(out.toString(StandardCharsets.UTF_8)).append('|');
        }
        inflater.release();
        pool.close();
        return sb.toString();
    }

    @Test
    void compressedMessagesAreInflatedAcrossFrames() {
        Harness h = harness(new WebSocketPolicy(), CONTEXT).started();
        h.receive(compressed(0x1, true, HELLO));
        // RFC 7692 7.2.3.1, split: RSV1 only on the first frame
        h.receive(compressed(0x1, false, new byte[]{(byte) 0xf2, 0x48, (byte) 0xcd}),
                ClientFrames.frame(0x0, true, new byte[]{(byte) 0xc9, (byte) 0xc9, 0x07, 0x00}));
        // the shared-window second Hello (7.2.3.2) refers back into the first message
        h.receive(compressed(0x1, true, HexFormat.of().parseHex("f200110000")));
        h.receive(ClientFrames.text("plain"));
        assertEquals(List.of("open", "text Hello", "text Hello", "text Hello", "text plain"), h.listener.events());
        assertTrue(h.listener.violations.isEmpty(), String.valueOf(h.listener.violations));
    }

    @Test
    void rsv1WithoutNegotiationIs1002() {
        Harness h = new Harness(new WebSocketPolicy()).started();
        h.receive(compressed(0x1, true, HELLO));
        assertEquals(1002, h.transport.lastWritten().closeCode());
    }

    @Test
    void rsv1OnAControlFrameIs1002() {
        Harness h = harness(new WebSocketPolicy(), CONTEXT).started();
        h.receive(compressed(0x9, true, new byte[0]));
        assertEquals(1002, h.transport.lastWritten().closeCode());
    }

    @Test
    void rsv1OnAContinuationIs1002() {
        Harness h = harness(new WebSocketPolicy(), CONTEXT).started();
        h.receive(compressed(0x1, false, new byte[]{(byte) 0xf2, 0x48}), compressed(0x0, true, new byte[]{(byte) 0xcd}));
        assertEquals(1002, h.transport.lastWritten().closeCode());
    }

    @Test
    void inflatedSizeIsLimitedWhileInflating() {
        byte[] bomb = deflate(new byte[16 * 1024 * 1024]);
        assertTrue(bomb.length < 20 * 1024, "bomb of " + bomb.length + " bytes");
        long limit = 64 * 1024;
        RecordingListener listener = new RecordingListener() {
            @Override
            protected void onBinary(ByteBuffer message) {
                throw new AssertionError("a bomb must never be delivered whole");
            }
        };
        Harness h = new Harness(new WebSocketPolicy().maxMessageSize(limit), listener, shared, CONTEXT).started();
        h.receive(compressed(0x2, true, bomb));
        assertEquals(1009, h.transport.lastWritten().closeCode());
        assertTrue(h.listener.events().stream().anyMatch(e -> e.startsWith("close 1009")), h.listener.events().toString());
        assertFalse(h.deflate().inflater.holdsInflater(), "the inflater is let go of with the failure");
    }

    @Test
    void compressedWireSizeIsBoundedToo() {
        // empty stored blocks (00 00 00 ff ff) inflate to nothing: without a bound on the wire they never end
        byte[] empty = HexFormat.of().parseHex("000000ffff".repeat(1000));
        Harness h = harness(new WebSocketPolicy().maxMessageSize(1024), CONTEXT).started();
        h.receive(compressed(0x2, false, empty));
        assertEquals(1009, h.transport.lastWritten().closeCode());
        Harness fine = harness(new WebSocketPolicy().maxMessageSize(1024), CONTEXT).started();
        fine.receive(compressed(0x1, false, HexFormat.of().parseHex("000000ffff".repeat(400))),
                ClientFrames.frame(0x0, true, HELLO));
        assertEquals("text Hello", fine.listener.events().get(1));
    }

    @Test
    void invalidUtf8AfterInflatingIs1007() {
        Harness h = harness(new WebSocketPolicy(), CONTEXT).started();
        h.receive(compressed(0x1, true, deflate(new byte[]{(byte) 0xc3, 0x28, 'a', 'b'})));
        assertEquals(1007, h.transport.lastWritten().closeCode());
    }

    @Test
    void sendsCompressWithRsv1AboveTheMinimumOnly() throws ProtocolException {
        Harness h = harness(new WebSocketPolicy(), CONTEXT).started();
        String big = "{\"user\":\"alice\",\"text\":\"the report is ready for review\"}";
        h.connection.sendText(big, SendCallback.NOOP);
        h.connection.sendText(new String(big), SendCallback.NOOP);  // equal, not the same: not taken for a broadcast
        h.connection.sendText("tiny", SendCallback.NOOP);
        List<FakeTransport.Frame> frames = h.transport.written();
        assertEquals(0x40, frames.get(0).rsv());
        assertEquals(0x40, frames.get(1).rsv());
        assertTrue(frames.get(1).payload().length < frames.get(0).payload().length, "context taken over");
        assertEquals(0, frames.get(2).rsv());
        assertEquals("tiny", frames.get(2).text());
        assertEquals(big + "|" + big + "|", inflate(frames.subList(0, 2)));
    }

    @Test
    void broadcastIsCompressedOnceForConnectionsWithoutContext() {
        Harness a = harness(new WebSocketPolicy(), NO_CONTEXT).started();
        Harness b = harness(new WebSocketPolicy(), NO_CONTEXT).started();
        String notice = "{\"notice\":\"the build is green again, deploy at noon\"}".repeat(4);
        a.connection.sendText(notice, SendCallback.NOOP);
        b.connection.sendText(notice, SendCallback.NOOP);
        assertEquals(0x40, a.transport.written().get(0).rsv());
        assertSame(shared.broadcasts().get(notice, false).array(), shared.broadcasts().get(notice, false).array());
        assertEquals(new String(a.transport.written().get(0).payload(), StandardCharsets.ISO_8859_1),
                new String(b.transport.written().get(0).payload(), StandardCharsets.ISO_8859_1));
        // an equal but different String is not taken for the cached one
        assertEquals(null, shared.broadcasts().get(new String(notice), false));
    }

    @Test
    void broadcastIsSharedWithConnectionsThatKeepTheirContextToo() throws ProtocolException {
        String first = "{\"user\":\"bob\",\"text\":\"a message of this connection alone, before the broadcast\"}";
        String notice = "{\"notice\":\"the build is green again, deploy at noon\"}".repeat(4);
        Harness c = harness(new WebSocketPolicy(), CONTEXT).started();
        Harness d = harness(new WebSocketPolicy(), CONTEXT).started();
        Harness e = harness(new WebSocketPolicy(), CONTEXT).started();
        c.connection.sendText(first, SendCallback.NOOP);
        c.connection.sendText(notice, SendCallback.NOOP);    // first send of it: with c's history, not shared
        assertEquals(null, shared.broadcasts().get(notice, false));
        d.connection.sendText(notice, SendCallback.NOOP);    // seen before: a broadcast, compressed alone, shared
        e.connection.sendText(notice, SendCallback.NOOP);
        e.connection.sendText(notice, SendCallback.NOOP);    // e's own second send: the shared bytes again
        byte[] cached = shared.broadcasts().get(notice, false).array();
        assertEquals(new String(cached, 0, shared.broadcasts().get(notice, false).limit(), StandardCharsets.ISO_8859_1),
                new String(e.transport.written().get(0).payload(), StandardCharsets.ISO_8859_1));
        // every client inflates what it got with its own window, context taken over
        assertEquals(first + "|" + notice + "|", inflate(c.transport.written()));
        assertEquals(notice + "|", inflate(d.transport.written()));
        assertEquals(notice + "|" + notice + "|", inflate(e.transport.written()));
        // and the shared message joined e's history: a third send of an equal String (not the same) refers back
        e.connection.sendText(new String(notice), SendCallback.NOOP);
        List<FakeTransport.Frame> sent = e.transport.written();
        assertTrue(sent.get(2).payload().length < sent.get(0).payload().length / 2);
        assertEquals(notice + "|" + notice + "|" + notice + "|", inflate(sent));
    }

    @Test
    void tenThousandConnectionsLeaveNoZlibStreamBehind() {
        long deflaters = DeflaterPool.liveDeflaters();
        long inflaters = DeflaterPool.liveInflaters();
        String text = "{\"user\":\"alice\",\"text\":\"the report is ready for review\"}";
        for (int i = 0; i < 10_000; i++) {
            Harness h = harness(new WebSocketPolicy(), i % 2 == 0 ? CONTEXT : NO_CONTEXT).started();
            assertFalse(h.deflate().inflater.holdsInflater(), "idle: no inflater");
            h.receive(compressed(0x1, true, HELLO));
            h.connection.sendText(text, SendCallback.NOOP);
            switch (i % 3) {
                case 0 -> h.receive(ClientFrames.close(1000, ""));      // closing handshake
                case 1 -> h.connection.abort();                          // abort
                default -> h.receive(compressed(0x9, true, new byte[0])); // protocol error
            }
            h.connection.onTransportClosed();
            assertFalse(h.deflate().inflater.holdsInflater(), "connection " + i);
        }
        shared.close();
        assertEquals(deflaters, DeflaterPool.liveDeflaters());
        assertEquals(inflaters, DeflaterPool.liveInflaters());
    }

    @Test
    void anAbortFromAnotherThreadDoesNotWaitForACompressedMessagesCallback() throws Exception {
        // An application that holds its own lock while aborting, and whose onMessage for a compressed message takes
        // that lock, must not deadlock: no engine lock may be held while the callback runs.
        java.util.concurrent.CountDownLatch inCallback = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch letGo = new java.util.concurrent.CountDownLatch(1);
        Harness h = harness(new WebSocketPolicy(), CONTEXT).started();
        h.listener.onTextAction = text -> {
            inCallback.countDown();
            try {
                letGo.await(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        java.util.concurrent.CompletableFuture<Void> reader =
                java.util.concurrent.CompletableFuture.runAsync(() -> h.receive(compressed(0x1, true, HELLO)));
        try {
            assertTrue(inCallback.await(30, java.util.concurrent.TimeUnit.SECONDS));
            java.util.concurrent.CompletableFuture<Void> abort =
                    java.util.concurrent.CompletableFuture.runAsync(h.connection::abort);
            abort.get(30, java.util.concurrent.TimeUnit.SECONDS);   // throws TimeoutException while blocked
            assertTrue(h.transport.aborted);
        } finally {
            letGo.countDown();
        }
        reader.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(List.of("open", "text Hello"), h.listener.events().subList(0, 2));
        assertFalse(h.deflate().inflater.holdsInflater(), "the reader ends the inflater on its way out");
    }

    /** Records chunks; suspends reading after each one while {@code suspend} is set. */
    private static final class ChunkCounter implements WebSocketListener {
        WebSocketSession session;
        volatile boolean suspend = true;
        long bytes;
        int chunks;
        int lasts;
        boolean allZero = true;

        @Override public void onOpen(WebSocketSession s) { session = s; }
        @Override public void onTextChunk(ByteBuffer utf8, boolean last) { throw new AssertionError("binary only"); }

        @Override
        public void onBinaryChunk(ByteBuffer data, boolean last) {
            chunks++;
            bytes += data.remaining();
            while (data.hasRemaining()) allZero &= data.get() == 0;
            if (last) lasts++;
            if (suspend) session.suspendReading();
        }
    }

    @Test
    void suspendingReadingStopsInflatingAfterTheCurrentChunk() {
        int size = 32 * 1024 * 1024;
        byte[] bomb = deflate(new byte[size]);
        ChunkCounter counter = new ChunkCounter();
        FakeTransport transport = new FakeTransport(new FakeScheduler());
        WebSocketConnection connection = new WebSocketConnection(counter, transport,
                new WebSocketPolicy().maxMessageSize(64 * 1024 * 1024), shared, CONTEXT);
        connection.start();
        byte[] wire = compressed(0x2, true, bomb);
        ByteBuffer read = ByteBuffer.wrap(wire);
        assertFalse(connection.onBytes(read), "suspended: the transport must not read");
        assertEquals(1, counter.chunks, "nothing is inflated past the chunk that suspended reading");
        assertTrue(counter.bytes <= PerMessageDeflate.INFLATE_CHUNK, counter.bytes + " bytes delivered");
        assertFalse(read.hasRemaining(), "the compressed rest is the connection's own: the read buffer may be reused");
        java.util.Arrays.fill(wire, (byte) 0x55);   // as a pooled read buffer would be refilled
        assertFalse(connection.readyForInput(), "still suspended");
        assertEquals(1, counter.chunks);

        // each resume inflates one more chunk, and the message arrives whole and intact
        int resumes = 0;
        while (counter.lasts == 0) {
            assertTrue(++resumes < size, "no progress");
            connection.resumeReading();
            assertFalse(connection.readyForInput(), "suspended again by the chunk");
            assertEquals(resumes + 1, counter.chunks);
        }
        assertEquals(size, counter.bytes);
        assertTrue(counter.allZero, "the kept input was not the reused read buffer");
        assertEquals(1, counter.lasts);
        counter.suspend = false;
        connection.resumeReading();
        assertTrue(connection.readyForInput());
        assertTrue(connection.onBytes(ByteBuffer.wrap(compressed(0x2, true, deflate(new byte[100])))));
        assertEquals(2, counter.lasts);
        assertEquals(size + 100, counter.bytes);
        assertEquals(false, transport.aborted);
    }

    @Test
    void aSuspensionByTheLastChunkOfAResumedCompressedMessageHoldsBackTheNextMessage() {
        // Both messages in one read: the first pauses part way (its listener suspends on every chunk), and its last
        // chunk, delivered by a resume, suspends reading again: the second message must wait for the next resume.
        ChunkCounter counter = new ChunkCounter();
        WebSocketConnection connection = new WebSocketConnection(counter, new FakeTransport(new FakeScheduler()),
                new WebSocketPolicy().maxMessageSize(1024 * 1024), shared, CONTEXT);
        connection.start();
        byte[] first = compressed(0x2, true, deflate(new byte[40 * 1024]));
        byte[] second = ClientFrames.binary(new byte[10]);
        ByteBuffer read = ByteBuffer.allocate(first.length + second.length).put(first).put(second).flip();
        assertFalse(connection.onBytes(read));
        int resumes = 0;
        while (counter.lasts == 0) {
            assertTrue(++resumes < 100, "no progress");
            connection.resumeReading();
            connection.readyForInput();    // what a transport asks before it reads: parses what was held
        }
        assertEquals(1, counter.lasts, "the second message arrived while reading was suspended");
        assertEquals(40 * 1024, counter.bytes);
        assertFalse(connection.readyForInput(), "still suspended by the first message's last chunk");
        counter.suspend = false;
        connection.resumeReading();
        assertTrue(connection.readyForInput());
        assertEquals(2, counter.lasts);
        assertEquals(40 * 1024 + 10, counter.bytes);
    }

    @Test
    void aConnectionEndedWhileInflatingIsPausedLetsGoOfTheInflater() {
        long inflaters = DeflaterPool.liveInflaters();
        for (DeflateParameters agreed : List.of(CONTEXT, NO_CONTEXT)) {
            ChunkCounter counter = new ChunkCounter();
            WebSocketConnection connection = new WebSocketConnection(counter, new FakeTransport(new FakeScheduler()),
                    new WebSocketPolicy(), shared, agreed);
            connection.start();
            assertFalse(connection.onBytes(ByteBuffer.wrap(compressed(0x2, true, deflate(new byte[1024 * 1024])))));
            assertTrue(connection.deflate().inflater.holdsInflater(), "paused part way through the message");
            connection.abort();
            connection.onTransportClosed();
            assertFalse(connection.deflate().inflater.holdsInflater());
            assertFalse(connection.deflate().inflater.pending(), "the kept input is let go of too");
            assertTrue(connection.readyForInput());
            assertEquals(1, counter.chunks);
        }
        shared.close();
        assertEquals(inflaters, DeflaterPool.liveInflaters());
    }

    @Test
    void aFullOutboundQueueStopsInflatingToo() {
        byte[] bomb = deflate(new byte[8 * 1024 * 1024]);
        java.util.concurrent.atomic.AtomicInteger chunks = new java.util.concurrent.atomic.AtomicInteger();
        FakeTransport transport = new FakeTransport(new FakeScheduler());
        transport.writable = false;
        WebSocketListener echo = new WebSocketListener() {
            WebSocketSession session;
            @Override public void onOpen(WebSocketSession s) { session = s; }
            @Override public void onTextChunk(ByteBuffer utf8, boolean last) {}
            @Override public void onBinaryChunk(ByteBuffer data, boolean last) {
                chunks.incrementAndGet();
                session.sendBinaryPart(ByteBuffer.allocate(data.remaining()), last, SendCallback.NOOP);
            }
        };
        WebSocketConnection connection = new WebSocketConnection(echo, transport,
                new WebSocketPolicy().maxMessageSize(64 * 1024 * 1024).maxOutboundBytes(1), shared, CONTEXT);
        connection.start();
        assertFalse(connection.onBytes(ByteBuffer.wrap(compressed(0x2, true, bomb))));
        assertEquals(1, chunks.get(), "the full queue pauses reading after the chunk that filled it");
        assertTrue(connection.isInputPaused());
    }

    @Test
    void theBroadcastCacheKeepsOnlyTheCompressedBytes() {
        Harness a = harness(new WebSocketPolicy(), NO_CONTEXT).started();
        String notice = "{\"notice\":\"the build is green again\"}".repeat(500);   // 18 KB, compresses well
        a.connection.sendText(notice, SendCallback.NOOP);
        ByteBuffer cached = shared.broadcasts().get(notice, false);
        assertEquals(a.transport.written().get(0).payload().length, cached.remaining());
        assertEquals(cached.remaining(), cached.array().length, "no array of the uncompressed size is kept");
    }

    @Test
    void theBroadcastCacheKeepsNoLargeString() {
        String huge = "x".repeat(BroadcastCache.MAX_CHARS + 1);
        Harness a = harness(new WebSocketPolicy(), NO_CONTEXT).started();
        Harness c = harness(new WebSocketPolicy(), CONTEXT).started();
        a.connection.sendText(huge, SendCallback.NOOP);
        c.connection.sendText(huge, SendCallback.NOOP);
        c.connection.sendText(huge, SendCallback.NOOP);
        assertEquals(null, shared.broadcasts().get(huge, false), "not cached");
        assertFalse(shared.broadcasts().seenBefore(huge), "not marked");
        assertFalse(shared.broadcasts().seenBefore(huge), "never marked");
        assertEquals(0x40, a.transport.written().get(0).rsv(), "still compressed, for this connection alone");
        assertEquals(0x40, c.transport.written().get(1).rsv());
        String fine = "y".repeat(BroadcastCache.MAX_CHARS);
        a.connection.sendText(fine, SendCallback.NOOP);
        assertTrue(shared.broadcasts().get(fine, false) != null, "at the bound: cached");
    }

    @Test
    void compressionFiguresReachTheConnectionsCounters() {
        long[] out = new long[2];
        long[] in = new long[2];
        ConnectionCounters counters = new ConnectionCounters() {
            @Override public void compressedOutbound(long before, long after) { out[0] += before; out[1] += after; }
            @Override public void inflatedInbound(long before, long after) { in[0] += before; in[1] += after; }
        };
        WebSocketConnection connection = new WebSocketConnection(new RecordingListener(),
                new FakeTransport(new FakeScheduler()), new WebSocketPolicy(), io.wsgate.protocol.Role.SERVER,
                counters, shared, CONTEXT);
        connection.start();
        String text = "{\"user\":\"alice\",\"text\":\"hello there\"}".repeat(20);
        connection.sendText(text, SendCallback.NOOP);
        assertEquals(text.length(), out[0], "bytes before compression");
        assertTrue(out[1] > 0 && out[1] < out[0], "bytes after compression: " + out[1]);

        byte[] wire = deflate(text.getBytes(StandardCharsets.UTF_8));
        connection.onBytes(ByteBuffer.wrap(compressed(0x1, true, wire)));
        assertEquals(wire.length, in[0], "compressed bytes received");
        assertEquals(text.length(), in[1], "bytes once inflated");
    }
}
