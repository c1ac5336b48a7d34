package io.wsgate.jakarta;

import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Nothing handed to application code aliases the engine's read buffer (which is pooled across connections): every
 * delivery style gets bytes that stay as they were after the buffer is reused. The test delivers from one buffer
 * and overwrites it after each call, as the next read into the pool would.
 */
class DeliveredBufferOwnershipTest {

    /** Keeps what a decoder was given. */
    public static final class KeepingDecoder implements Decoder.Binary<StringBuilder> {
        static final List<ByteBuffer> KEPT = new ArrayList<>();
        @Override public StringBuilder decode(ByteBuffer bytes) throws DecodeException {
            KEPT.add(bytes);
            return new StringBuilder();
        }
        @Override public boolean willDecode(ByteBuffer bytes) { return true; }
    }

    private final ByteBuffer pooled = ByteBuffer.allocate(64);
    private final List<Object> kept = new ArrayList<>();

    private TestConnection open(Consumer<jakarta.websocket.Session> handlers) throws Exception {
        ServerEndpointConfig sec = ServerEndpointConfig.Builder.create(SessionTest.Programmatic.class, "/p")
                .decoders(List.of(KeepingDecoder.class)).build();
        SessionTest.Programmatic endpoint = new SessionTest.Programmatic();
        endpoint.onOpen = handlers;
        return new TestConnection(sec, endpoint, Map.of()).open();
    }

    /** Delivers {@code text} from the shared buffer, then overwrites the buffer. */
    private ByteBuffer chunk(String text) {
        pooled.clear();
        pooled.put(text.getBytes(StandardCharsets.UTF_8)).flip();
        return pooled;
    }

    private void reuse() {
        pooled.clear();
        while (pooled.hasRemaining()) pooled.put((byte) 'X');
    }

    private static String text(Object o) throws Exception {
        if (o instanceof ByteBuffer b) return StandardCharsets.UTF_8.decode(b.duplicate()).toString();
        if (o instanceof byte[] a) return new String(a, StandardCharsets.UTF_8);
        if (o instanceof InputStream in) return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (o instanceof PongMessage p) return text(p.getApplicationData());
        throw new AssertionError(o);
    }

    private void deliverBinary(TestConnection c, String... parts) {
        for (int i = 0; i < parts.length; i++) {
            c.connection.onBinaryChunk(chunk(parts[i]), i == parts.length - 1);
            reuse();
        }
    }

    private List<String> keptTexts() throws Exception {
        List<String> texts = new ArrayList<>();
        for (Object o : kept) texts.add(text(o));
        return texts;
    }

    @Test
    void partialByteBuffers() throws Exception {
        TestConnection c = open(s -> s.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) (p, last) -> kept.add(p)));
        deliverBinary(c, "one", "two");
        assertEquals(List.of("one", "two"), keptTexts());
    }

    @Test
    void partialByteArrays() throws Exception {
        TestConnection c = open(s -> s.addMessageHandler(byte[].class, (MessageHandler.Partial<byte[]>) (p, last) -> kept.add(p)));
        deliverBinary(c, "one", "two");
        assertEquals(List.of("one", "two"), keptTexts());
    }

    @Test
    void wholeByteBuffersInOneChunkOrMany() throws Exception {
        TestConnection c = open(s -> s.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) kept::add));
        deliverBinary(c, "whole");
        deliverBinary(c, "in ", "parts");
        assertEquals(List.of("whole", "in parts"), keptTexts());
    }

    @Test
    void inputStreams() throws Exception {
        // A stream is read while the message arrives, on the handler's own thread, and only until it returns.
        java.util.concurrent.BlockingQueue<byte[]> read = new java.util.concurrent.LinkedBlockingQueue<>();
        TestConnection c = open(s -> s.addMessageHandler(InputStream.class, (MessageHandler.Whole<InputStream>) in -> {
            try {
                read.add(in.readAllBytes());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }));
        deliverBinary(c, "str", "eam");
        byte[] bytes = read.poll(30, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals("stream", bytes == null ? null : new String(bytes, StandardCharsets.UTF_8));
    }

    @Test
    void decoders() throws Exception {
        KeepingDecoder.KEPT.clear();
        TestConnection c = open(s -> s.addMessageHandler(StringBuilder.class, (MessageHandler.Whole<StringBuilder>) m -> {}));
        deliverBinary(c, "decoded");
        kept.addAll(KeepingDecoder.KEPT);
        assertEquals(List.of("decoded"), keptTexts());
    }

    @Test
    void pongs() throws Exception {
        TestConnection c = open(s -> s.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) kept::add));
        c.connection.onPong(chunk("pong"));
        reuse();
        assertEquals(List.of("pong"), keptTexts());
    }
}
