package io.wsgate.jakarta;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Decoder;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Reader and InputStream handlers and stream decoders get a message as it arrives: the handler runs on a callback
 * thread while chunks keep coming, what waits for it is bounded (reading is suspended when it is full, resumed
 * when the handler has read it), and the callback order holds (the next message, onError and onClose only after
 * the handler returned).
 */
@Timeout(120)
class StreamedDeliveryTest {

    private static final long WAIT = 30;

    /** Records what the handler read, one entry per read call, and what happened around it. */
    public static class Streaming extends Endpoint {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        /** The handler waits for this before reading anything. */
        volatile CountDownLatch startReading = new CountDownLatch(0);

        @Override public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(Reader.class, reader -> {
                events.add("start");
                try {
                    startReading.await();
                    char[] buffer = new char[64 * 1024];
                    long total = 0;
                    for (int n; (n = reader.read(buffer)) != -1; total += n) {
                        events.add("read " + (n > 20 ? n + " chars" : new String(buffer, 0, n)));
                    }
                    events.add("end " + total);
                } catch (IOException e) {
                    events.add("failed " + e.getClass().getSimpleName());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            session.addMessageHandler(InputStream.class, in -> {
                events.add("start binary");
                try {
                    byte[] buffer = new byte[64 * 1024];
                    for (int n; (n = in.read(buffer)) != -1; ) events.add("bytes " + n);
                    events.add("end binary");
                } catch (IOException e) {
                    events.add("failed " + e.getClass().getSimpleName());
                }
            });
        }
        @Override public void onClose(Session session, CloseReason reason) { events.add("close " + reason.getCloseCode().getCode()); }
        @Override public void onError(Session session, Throwable thr) { events.add("error " + thr.getClass().getSimpleName()); }

        String next() throws InterruptedException {
            String e = events.poll(WAIT, TimeUnit.SECONDS);
            assertNotNull(e, "nothing happened within " + WAIT + " s");
            return e;
        }
    }

    private final Streaming endpoint = new Streaming();
    private final TestConnection c = new TestConnection(
            ServerEndpointConfig.Builder.create(Streaming.class, "/s").build(), endpoint, Map.of()).open();

    StreamedDeliveryTest() throws Exception {}

    private void text(String part, boolean last) {
        c.connection.onTextChunk(ByteBuffer.wrap(part.getBytes(StandardCharsets.UTF_8)), last);
    }

    @Test
    void theReaderGetsTheFirstChunkBeforeTheRestArrives() throws Exception {
        text("hello ", false);
        assertEquals("start", endpoint.next());
        assertEquals("read hello ", endpoint.next());

        text("world", true);
        assertEquals("read world", endpoint.next());
        assertEquals("end 11", endpoint.next());
    }

    @Test
    void aCodePointSplitAcrossChunksIsReadWhole() throws Exception {
        byte[] e = "é€😀".getBytes(StandardCharsets.UTF_8);     // 2, 3 and 4 bytes
        for (int i = 0; i < e.length; i++) c.connection.onTextChunk(ByteBuffer.wrap(e, i, 1), i == e.length - 1);
        StringBuilder read = new StringBuilder();
        assertEquals("start", endpoint.next());
        for (String event; !(event = endpoint.next()).startsWith("end"); ) read.append(event.substring("read ".length()));
        assertEquals("é€😀", read.toString());
    }

    @Test
    void whatWaitsForTheHandlerIsBoundedAndReadingResumesWhenItIsRead() throws Exception {
        endpoint.startReading = new CountDownLatch(1);
        String chunk = "x".repeat(16 * 1024);
        int sent = 0;
        text(chunk, false);
        sent++;
        assertEquals("start", endpoint.next());
        while (!c.ws.readingSuspended() && sent < 64) {
            text(chunk, false);
            sent++;
        }
        assertTrue(c.ws.readingSuspended(), "reading is suspended while the handler has not read");
        assertTrue(sent * 16 <= 128, "at most 128 KiB wait for the handler, not " + sent * 16 + " KiB");

        endpoint.startReading.countDown();
        long read = 0;
        while (read < (long) sent * chunk.length()) {
            String event = endpoint.next();
            read += Long.parseLong(event.substring("read ".length(), event.indexOf(' ', "read ".length())));
        }
        assertFalse(c.ws.readingSuspended(), "the handler read it all: reading resumed");
        text("", true);
        assertEquals("end " + read, endpoint.next());
    }

    @Test
    void theNextMessageWaitsUntilTheHandlerReturned() throws Exception {
        endpoint.startReading = new CountDownLatch(1);
        text("first", true);
        assertEquals("start", endpoint.next());
        assertTrue(c.ws.readingSuspended(), "no next message is read while the handler of this one runs");
        endpoint.startReading.countDown();
        assertEquals("read first", endpoint.next());
        assertEquals("end 5", endpoint.next());
        c.ws.awaitReadingResumed();
    }

    @Test
    void aCloseWhileTheHandlerReadsEndsTheStreamWithAnIOExceptionThenOnCloseFollows() throws Exception {
        text("part", false);
        assertEquals("start", endpoint.next());
        assertEquals("read part", endpoint.next());

        c.closedByPeer(1001, "going away");
        assertEquals("failed IOException", endpoint.next());
        assertEquals("close 1001", endpoint.next());
        assertTrue(endpoint.events.isEmpty(), endpoint.events.toString());
    }

    @Test
    void anInputStreamGetsBytesAsTheyArrive() throws Exception {
        c.connection.onBinaryChunk(ByteBuffer.wrap(new byte[100]), false);
        assertEquals("start binary", endpoint.next());
        assertEquals("bytes 100", endpoint.next());
        c.connection.onBinaryChunk(ByteBuffer.wrap(new byte[7]), true);
        assertEquals("bytes 7", endpoint.next());
        assertEquals("end binary", endpoint.next());
    }

    @Test
    void aConnectionFailureWhileTheHandlerReadsEndsTheStreamBeforeOnErrorAndOnClose() throws Exception {
        text("abc", false);
        assertEquals("start", endpoint.next());
        assertEquals("read abc", endpoint.next());
        c.connection.onError(new io.wsgate.protocol.ProtocolException(1007, "text message is not valid UTF-8"));
        c.closedByPeer(1007, "text message is not valid UTF-8");
        assertEquals("failed IOException", endpoint.next());
        assertEquals("error SessionException", endpoint.next(), "a protocol failure reaches onError as a SessionException");
        assertEquals("close 1007", endpoint.next());
    }

    /**
     * Defect: stream handlers ran on the callback pool (32 threads) that also runs every timer task. 40 peers that
     * start a binary message and then send nothing kept 32 handlers waiting for data on all of its threads, and no
     * timer of the application (idle, close, ping, send timeouts) ran any more. Stream handlers have threads of
     * their own now: a timer still runs while they wait.
     */
    @Test
    void streamHandlersWaitingForDataDoNotHoldUpTheApplicationsTimers() throws Exception {
        WsgateServerContainer shared = new WsgateServerContainer(null);
        List<Streaming> endpoints = new java.util.ArrayList<>();
        List<TestConnection> connections = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                Streaming e = new Streaming();
                TestConnection t = new TestConnection(shared,
                        ServerEndpointConfig.Builder.create(Streaming.class, "/s").build(), e, Map.of()).open();
                endpoints.add(e);
                connections.add(t);
                t.connection.onBinaryChunk(ByteBuffer.wrap(new byte[3]), false);   // and nothing more
            }
            CountDownLatch timerRan = new CountDownLatch(1);
            shared.timer().schedule(timerRan::countDown, TimeUnit.MILLISECONDS.toNanos(1));
            assertTrue(timerRan.await(WAIT, TimeUnit.SECONDS), "a timer runs while 40 stream handlers wait for data");
            for (Streaming e : endpoints) {
                assertEquals("start binary", e.next(), "every handler started, none waits for another's thread");
            }
        } finally {
            for (TestConnection t : connections) t.closedByPeer(1001, "test over");
        }
        for (Streaming e : endpoints) {
            assertEquals("bytes 3", e.next());
            assertEquals("failed IOException", e.next(), "the close ended the stream");
        }
    }

    // ---- stream decoders

    public record Count(long chars, String firstRead) {}

    public static final class CountingDecoder implements Decoder.TextStream<Count> {
        static final BlockingQueue<String> reads = new LinkedBlockingQueue<>();
        @Override public Count decode(Reader reader) throws IOException {
            char[] buffer = new char[1024];
            long total = 0;
            String first = null;
            for (int n; (n = reader.read(buffer)) != -1; total += n) {
                if (first == null) {
                    first = new String(buffer, 0, n);
                    reads.add(first);
                }
            }
            return new Count(total, first);
        }
        @Override public void init(EndpointConfig config) {}
        @Override public void destroy() {}
    }

    public static class Decoding extends Endpoint {
        final BlockingQueue<Count> decoded = new LinkedBlockingQueue<>();
        @Override public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(Count.class, decoded::add);
        }
    }

    @Test
    void aStreamDecoderReadsTheMessageAsItArrives() throws Exception {
        Decoding decoding = new Decoding();
        TestConnection d = new TestConnection(ServerEndpointConfig.Builder.create(Decoding.class, "/d")
                .decoders(List.of(CountingDecoder.class)).build(), decoding, Map.of()).open();
        d.connection.onTextChunk(ByteBuffer.wrap("abc".getBytes(StandardCharsets.UTF_8)), false);
        assertEquals("abc", CountingDecoder.reads.poll(WAIT, TimeUnit.SECONDS), "the decoder read the first chunk");
        d.connection.onTextChunk(ByteBuffer.wrap("defg".getBytes(StandardCharsets.UTF_8)), true);
        assertEquals(new Count(7, "abc"), decoding.decoded.poll(WAIT, TimeUnit.SECONDS));
    }

    public static final class LengthDecoder implements Decoder.BinaryStream<Long> {
        static final BlockingQueue<Integer> firstReads = new LinkedBlockingQueue<>();
        @Override public Long decode(InputStream in) throws IOException {
            byte[] buffer = new byte[1024];
            long total = 0;
            boolean first = true;
            for (int n; (n = in.read(buffer)) != -1; total += n) {
                if (first) firstReads.add(n);
                first = false;
            }
            return total;
        }
        @Override public void init(EndpointConfig config) {}
        @Override public void destroy() {}
    }

    public static class DecodingBinary extends Endpoint {
        final BlockingQueue<Long> decoded = new LinkedBlockingQueue<>();
        @Override public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(Long.class, decoded::add);
        }
    }

    @Test
    void aBinaryStreamDecoderReadsTheMessageAsItArrives() throws Exception {
        DecodingBinary decoding = new DecodingBinary();
        TestConnection d = new TestConnection(ServerEndpointConfig.Builder.create(DecodingBinary.class, "/b")
                .decoders(List.of(LengthDecoder.class)).build(), decoding, Map.of()).open();
        d.connection.onBinaryChunk(ByteBuffer.wrap(new byte[10]), false);
        assertEquals(10, LengthDecoder.firstReads.poll(WAIT, TimeUnit.SECONDS), "the decoder read the first chunk");
        d.connection.onBinaryChunk(ByteBuffer.wrap(new byte[5]), true);
        assertEquals(15L, decoding.decoded.poll(WAIT, TimeUnit.SECONDS));
    }

    // ---- partial handlers

    public static class PartialText extends Endpoint {
        final BlockingQueue<String> parts = new LinkedBlockingQueue<>();
        @Override public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class, (MessageHandler.Partial<String>) (part, last) -> parts.add(part + ":" + last));
        }
    }

    @Test
    void aPartialHandlerGetsEachChunkAsItArrivesOnTheReadingThread() throws Exception {
        PartialText partial = new PartialText();
        TestConnection p = new TestConnection(ServerEndpointConfig.Builder.create(PartialText.class, "/p").build(),
                partial, Map.of()).open();
        p.connection.onTextChunk(ByteBuffer.wrap("one".getBytes(StandardCharsets.UTF_8)), false);
        assertEquals(List.of("one:false"), List.copyOf(partial.parts), "delivered within the engine's call");
        assertFalse(p.ws.readingSuspended(), "a partial handler never holds reading back");
        p.connection.onTextChunk(ByteBuffer.wrap("two".getBytes(StandardCharsets.UTF_8)), true);
        assertEquals(List.of("one:false", "two:true"), List.copyOf(partial.parts));
    }
}
