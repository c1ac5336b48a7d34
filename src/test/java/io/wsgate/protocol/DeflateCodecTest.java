package io.wsgate.protocol;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The codec against RFC 7692's examples (section 7.2.3), context takeover, small windows and bombs. */
class DeflateCodecTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final DeflateParameters DEFAULT = new DeflateParameters(false, false, 15, false, 0);
    private static final DeflateParameters NO_CONTEXT = new DeflateParameters(true, true, 15, false, 0);
    private static final DeflateParameters WINDOW_9 = new DeflateParameters(false, false, 9, true, 0);

    private final DeflaterPool pool = new DeflaterPool(Deflater.DEFAULT_COMPRESSION, 2);

    @AfterEach
    void closePool() {
        pool.close();
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] array(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.get(b.position(), a);
        return a;
    }

    /** Inflates a message's pieces; returns the chunks' total, the message, and how many chunks. */
    private static final class Collector implements MessageInflater.Output {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final List<Integer> chunks = new ArrayList<>();
        boolean ended;
        long limit;
        /** Asks the inflater to stop after every chunk. */
        boolean pause;

        @Override
        public boolean pauseRequested() {
            return pause;
        }

        @Override
        public void inflated(ByteBuffer data, boolean last) throws ProtocolException {
            chunks.add(data.remaining());
            byte[] a = array(data);
            out.writeBytes(a);
            if (limit > 0 && out.size() > limit) throw new ProtocolException(CloseCodes.MESSAGE_TOO_BIG, "too big");
            ended = last;
        }

        String text() {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private String inflate(MessageInflater inflater, byte[]... pieces) throws ProtocolException {
        Collector c = new Collector();
        for (int i = 0; i < pieces.length; i++) {
            inflater.inflate(ByteBuffer.wrap(pieces[i]), i == pieces.length - 1, new byte[1024], c);
        }
        assertTrue(c.ended);
        return c.text();
    }

    @Test
    void rfcHelloCompressedIsInflated() throws ProtocolException {
        // RFC 7692 7.2.3.1: "Hello" as one compressed frame, and the same split over two frames (7.2.3.1 too)
        MessageInflater inflater = new MessageInflater(pool, DEFAULT);
        assertEquals("Hello", inflate(inflater, HEX.parseHex("f248cdc9c90700")));
        MessageInflater second = new MessageInflater(pool, NO_CONTEXT);
        assertEquals("Hello", inflate(second, HEX.parseHex("f248cd"), HEX.parseHex("c9c90700")));
        // 7.2.3.3: uncompressed (stored) block; 7.2.3.5: two DEFLATE blocks in one message
        assertEquals("Hello", inflate(second, HEX.parseHex("0005 00fa ff48 656c 6c6f 00".replace(" ", ""))));
        assertEquals("Hello", inflate(second, HEX.parseHex("f24805000000ffffcac9c90700")));
        inflater.release();
        second.release();
    }

    @Test
    void rfcHelloCompressesToTheRfcBytes() {
        assertEquals("f248cdc9c90700", HEX.formatHex(array(new MessageDeflater(pool, NO_CONTEXT, 0).compress(bytes("Hello")))));
    }

    @Test
    void sharedWindowRefersBackIntoThePreviousMessage() throws ProtocolException {
        // RFC 7692 7.2.3.2: the second "Hello" with the window shared is f2 00 11 00 00
        MessageInflater inflater = new MessageInflater(pool, DEFAULT);
        assertEquals("Hello", inflate(inflater, HEX.parseHex("f248cdc9c90700")));
        assertEquals("Hello", inflate(inflater, HEX.parseHex("f200110000")));
        assertTrue(inflater.holdsInflater(), "context kept between messages");
        inflater.release();
        assertFalse(inflater.holdsInflater());

        // and ours: the second message refers back (shorter than alone), and the client inflates it
        MessageDeflater deflater = new MessageDeflater(pool, DEFAULT, 8192);
        String json = "{\"user\":\"alice\",\"text\":\"the report is ready for review\"}";
        ByteBuffer first = deflater.compress(bytes(json));
        deflater.sent(bytes(json));
        ByteBuffer second = deflater.compress(bytes(json));
        deflater.sent(bytes(json));
        assertTrue(second.remaining() < first.remaining() / 2, first.remaining() + " then " + second.remaining());
        MessageInflater client = new MessageInflater(pool, DEFAULT);
        assertEquals(json, inflate(client, array(first)));
        assertEquals(json, inflate(client, array(second)));
        client.release();
    }

    @Test
    void contextTakeoverKeepsOnlyTheHistoryOnTheHeap() throws ProtocolException {
        MessageDeflater deflater = new MessageDeflater(pool, DEFAULT, 4096);
        MessageInflater client = new MessageInflater(pool, DEFAULT);
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(3000);
            for (int k = 0; k < n; k++) sb.append("abcdefgh".charAt(random.nextInt(8)));
            String m = sb.toString();
            ByteBuffer c = deflater.compress(bytes(m));
            deflater.sent(bytes(m));
            assertEquals(m, inflate(client, array(c)), "message " + i);
        }
        assertEquals(4096, deflater.heldBytes());
        client.release();
    }

    @Test
    void noContextTakeoverGivesTheSameBytesEveryTime() {
        MessageDeflater deflater = new MessageDeflater(pool, NO_CONTEXT, 8192);
        assertFalse(deflater.keepsContext());
        byte[] a = array(deflater.compress(bytes("Hello Hello Hello")));
        deflater.sent(bytes("Hello Hello Hello"));
        assertArrayEquals(a, array(deflater.compress(bytes("Hello Hello Hello"))));
        assertEquals(0, deflater.heldBytes());
    }

    @Test
    void smallServerWindowGetsNoBackReferences() throws ProtocolException {
        // 10,000 equal bytes: with back-references a few dozen bytes; Huffman-only needs at least a bit per byte.
        byte[] same = new byte[10_000];
        Arrays.fill(same, (byte) 'a');
        MessageDeflater deflater = new MessageDeflater(pool, WINDOW_9, 8192);
        assertFalse(deflater.keepsContext());
        ByteBuffer c = deflater.compress(ByteBuffer.wrap(same));
        assertTrue(c.remaining() >= same.length / 8, "Huffman-only output: " + c.remaining() + " bytes");
        assertTrue(new MessageDeflater(pool, DEFAULT, 0).compress(ByteBuffer.wrap(same)).remaining() < 100);
        MessageInflater client = new MessageInflater(pool, NO_CONTEXT);
        assertEquals(new String(same, StandardCharsets.US_ASCII), inflate(client, array(c)));
    }

    @Test
    void bombStopsAtTheLimitPlusOneChunk() {
        // 64 MiB of zeros compress to about 64 KiB; the limit is 100 KiB, the chunk 1 KiB
        byte[] zeros = new byte[64 * 1024 * 1024];
        ByteBuffer bomb = MessageDeflater.compressAlone(pool, false, ByteBuffer.wrap(zeros));
        assertTrue(bomb.remaining() < 128 * 1024);
        MessageInflater inflater = new MessageInflater(pool, DEFAULT);
        Collector c = new Collector();
        c.limit = 100 * 1024;
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> inflater.inflate(bomb, true, new byte[1024], c));
        assertEquals(CloseCodes.MESSAGE_TOO_BIG, e.closeCode());
        assertTrue(c.out.size() <= c.limit + 1024, "inflated " + c.out.size());
        assertFalse(inflater.holdsInflater(), "a failed stream is let go of");
    }

    @Test
    void invalidDataIs1007() {
        MessageInflater inflater = new MessageInflater(pool, DEFAULT);
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> inflater.inflate(ByteBuffer.wrap(new byte[]{(byte) 0xff, (byte) 0xff, 0x12}), true, new byte[64], new Collector()));
        assertEquals(CloseCodes.INVALID_PAYLOAD, e.closeCode());
    }

    @Test
    void pausingAfterEveryChunkGivesTheSameMessagesAndKeepsTheContext() throws ProtocolException {
        Random random = new Random(7);
        byte[] text = new byte[40_000];
        for (int i = 0; i < text.length; i++) text[i] = (byte) ('a' + random.nextInt(4));
        MessageDeflater deflater = new MessageDeflater(pool, DEFAULT, 32 * 1024);
        byte[] first = array(deflater.compress(ByteBuffer.wrap(text)));
        deflater.sent(ByteBuffer.wrap(text));
        byte[] second = array(deflater.compress(ByteBuffer.wrap(text)));   // refers back into the first
        MessageInflater inflater = new MessageInflater(pool, DEFAULT);
        for (byte[] message : List.of(first, second)) {
            Collector c = new Collector();
            c.pause = true;
            byte[] buffer = new byte[1024];
            int half = message.length / 2;
            byte[] read = Arrays.copyOf(message, half);   // stands for a pooled read buffer
            boolean done = inflater.inflate(ByteBuffer.wrap(read), false, buffer, c);
            Arrays.fill(read, (byte) 0);   // reused for the next read: the rest must have been copied
            int resumes = 0;
            while (!done) {
                assertTrue(inflater.pending());
                done = inflater.resume(buffer, c);
                resumes++;
            }
            byte[] rest = Arrays.copyOfRange(message, half, message.length);
            done = inflater.inflate(ByteBuffer.wrap(rest), true, buffer, c);
            while (!done) {
                done = inflater.resume(buffer, c);
                resumes++;
            }
            assertFalse(inflater.pending());
            assertTrue(c.ended);
            assertTrue(resumes > 30, resumes + " resumes: one per chunk");
            assertTrue(c.chunks.stream().allMatch(n -> n <= 1024));
            assertArrayEquals(text, c.out.toByteArray());
        }
        inflater.release();
    }

    @Test
    void everyStreamIsEndedAndNoneIsHeldWhileIdle() throws ProtocolException {
        long deflaters = DeflaterPool.liveDeflaters();
        long inflaters = DeflaterPool.liveInflaters();
        DeflaterPool own = new DeflaterPool(Deflater.DEFAULT_COMPRESSION, 1);
        MessageInflater keeping = new MessageInflater(own, DEFAULT);
        MessageInflater borrowing = new MessageInflater(own, NO_CONTEXT);
        assertFalse(keeping.holdsInflater(), "lazy: nothing before the first compressed message");
        inflate(keeping, HEX.parseHex("f248cdc9c90700"));
        inflate(borrowing, HEX.parseHex("f248cdc9c90700"));
        assertTrue(keeping.holdsInflater());
        assertFalse(borrowing.holdsInflater(), "without client context, the inflater goes back after each message");
        new MessageDeflater(own, DEFAULT, 8192).compress(bytes("Hello"));
        keeping.release();
        borrowing.release();
        keeping.release();  // idempotent
        assertEquals(2, own.idle(), "one deflater and one inflater kept for reuse");
        own.close();
        assertEquals(deflaters, DeflaterPool.liveDeflaters());
        assertEquals(inflaters, DeflaterPool.liveInflaters());
    }

    @Test
    void compressedBytesAreKeptInAnArrayOfTheirOwnSize() {
        // The outbound bound charges a message its compressed length: the array behind it must not be the
        // uncompressed-size work buffer (100 KiB of zeros compress to a few hundred bytes).
        DeflaterPool pool = new DeflaterPool(java.util.zip.Deflater.DEFAULT_COMPRESSION, 0);
        try {
            java.nio.ByteBuffer c = MessageDeflater.compressAlone(pool, false, java.nio.ByteBuffer.allocate(100 * 1024));
            assertTrue(c.array().length <= c.remaining() + 256, "array " + c.array().length + " for " + c.remaining() + " bytes");
        } finally {
            pool.close();
        }
    }
}
