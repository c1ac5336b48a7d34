package io.wsgate.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Coverage-guided fuzzing of {@link FrameParser} with the checks the engine makes on what it reports (UTF-8 of text
 * messages with {@link Utf8Validator}, message size and frame count limits, close payloads with
 * {@link ClosePayload}), driven the way the engine drives it: after a {@link ProtocolException} that leaves the
 * framing intact, parsing goes on (to find the peer's close frame) with the message data dropped.
 *
 * <p>The input is four configuration bytes followed by the byte stream from the client:
 * <ol>
 *   <li>the limits: frame payload ({@link #FRAME_LIMITS}, low bits), message size and frames per message;</li>
 *   <li>the RSV bits an extension would allow (0x70), direct buffers for the split feed (0x01), one byte at a time
 *       (0x02);</li>
 *   <li>and 4. the seed of the split points.</li>
 * </ol>
 * Properties: nothing but a {@link ProtocolException} comes out (1002, 1007 or 1009); what the handler is told
 * respects the frame structure and {@code maxFramePayload}; the stream fed whole and fed in arbitrary pieces gives
 * the same frames, the same payload bytes (compared by CRC-32C) and the same errors; limits change nothing of the
 * framing (the same control frames and the same framing verdict without them); a text message accepted as UTF-8 is one the JDK's
 * strict decoder accepts; and the parser allocates nothing in proportion to a frame's declared length (allocation
 * measured with the JVM's per-thread counter). A hang is one input running longer than the fuzz execution's
 * libFuzzer {@code -timeout}.
 */
class FrameParserFuzzTest {

    static final long[] FRAME_LIMITS = {0, 0, 1, 2, 7, 125, 126, 65535, 65536, 1 << 20};
    private static final long[] MESSAGE_LIMITS = {0, 1, 16, 200, 65536};
    private static final int[] FRAME_COUNT_LIMITS = {0, 1, 3};

    /** Allocation allowed for one parse of the whole stream: a fixed amount plus some per event reported. */
    private static final long ALLOCATION_BASE = 16 * 1024;
    private static final long ALLOCATION_PER_EVENT = 1024;

    @FuzzTest(maxDuration = "15s")
    void parse(byte[] input) {
        if (input.length < 4) return;
        Config config = new Config(input);
        byte[] stream = Arrays.copyOfRange(input, 4, input.length);

        Outcome whole = run(config, stream, List.of(stream.length), false);
        Outcome split = run(config, stream, splits(config, stream.length), config.direct);
        assertEquals(whole.events, split.events, "the same stream fed whole and in pieces");
        assertEquals(whole.parserFailed, split.parserFailed);

        // A limit fails the connection but leaves the framing intact: the same control frames, the same verdict.
        if (config.hasLimits()) {
            Outcome unlimited = run(config.withoutLimits(), stream, List.of(stream.length), false);
            assertEquals(unlimited.controlFrames(), whole.controlFrames(), "control frames with and without limits");
            assertEquals(unlimited.parserFailed, whole.parserFailed, "framing violation with and without limits");
        }

        assertAllocationBounded(config, stream);
    }

    /** Feeds the stream in pieces of the given sizes, as the engine's read loop does, and records what happens. */
    private static Outcome run(Config config, byte[] stream, List<Integer> pieces, boolean direct) {
        EngineLikeHandler handler = new EngineLikeHandler(config, true);
        FrameParser parser = new FrameParser(handler);
        parser.allowedRsv(config.allowedRsv);
        parser.maxFramePayload(config.maxFramePayload);
        // A copy of the stream (unmasking works in place), read through one buffer per piece as reads arrive.
        ByteBuffer all = direct ? ByteBuffer.allocateDirect(stream.length) : ByteBuffer.allocate(stream.length);
        all.put(stream).flip();
        int offset = 0;
        feed:
        for (int size : pieces) {
            ByteBuffer buf = all.slice(offset, size);
            offset += size;
            while (buf.hasRemaining()) {
                try {
                    parser.parse(buf);
                } catch (ProtocolException e) {
                    handler.failed(e);
                    if (parser.isFailed()) break feed;
                }
            }
        }
        if (parser.isFailed()) {
            ProtocolException again = assertThrows(ProtocolException.class, () -> parser.parse(ByteBuffer.allocate(1)));
            assertEquals(CloseCodes.PROTOCOL_ERROR, again.closeCode());
        }
        return new Outcome(handler.events, parser.isFailed());
    }

    /**
     * The parser holds at most a 14-byte header and a 125-byte control payload; a data frame is never buffered.
     * So parsing a stream may allocate a little per frame (a slice, an exception, a close reason) but nothing in
     * proportion to a declared payload length, however large.
     */
    private static void assertAllocationBounded(Config config, byte[] stream) {
        if (!Allocation.SUPPORTED) return;
        long allocated = 0;
        long bound = 0;
        // Twice: the first parse of a run may initialise classes, which allocates on this thread too.
        for (int attempt = 0; attempt < 2; attempt++) {
            byte[] copy = stream.clone(); // unmasking works in place
            EngineLikeHandler handler = new EngineLikeHandler(config, false);
            FrameParser parser = new FrameParser(handler);
            parser.allowedRsv(config.allowedRsv);
            parser.maxFramePayload(config.maxFramePayload);
            ByteBuffer buf = ByteBuffer.wrap(copy);
            long before = Allocation.current();
            while (buf.hasRemaining()) {
                try {
                    parser.parse(buf);
                } catch (ProtocolException e) {
                    handler.failed(e);
                    if (parser.isFailed()) break;
                }
            }
            allocated = Allocation.current() - before;
            bound = ALLOCATION_BASE + ALLOCATION_PER_EVENT * handler.calls;
            if (allocated <= bound) return;
        }
        fail("parsing " + stream.length + " bytes allocated " + allocated + " bytes, more than " + bound);
    }

    private static List<Integer> splits(Config config, int length) {
        List<Integer> sizes = new ArrayList<>();
        Random random = new Random(config.splitSeed);
        int left = length;
        while (left > 0) {
            int size = config.oneByteAtATime ? 1 : 1 + random.nextInt(Math.min(left, random.nextBoolean() ? 4 : 64));
            sizes.add(size);
            left -= size;
        }
        if (sizes.isEmpty()) sizes.add(0);
        return sizes;
    }

    static final class Config {
        final long maxFramePayload;
        final long maxMessageSize;
        final int maxFramesPerMessage;
        final int allowedRsv;
        final boolean direct;
        final boolean oneByteAtATime;
        final long splitSeed;

        private Config(Config limited) {
            maxFramePayload = 0;
            maxMessageSize = 0;
            maxFramesPerMessage = 0;
            allowedRsv = limited.allowedRsv;
            direct = limited.direct;
            oneByteAtATime = limited.oneByteAtATime;
            splitSeed = limited.splitSeed;
        }

        boolean hasLimits() {
            return maxFramePayload > 0 || maxMessageSize > 0 || maxFramesPerMessage > 0;
        }

        Config withoutLimits() {
            return new Config(this);
        }

        Config(byte[] input) {
            int limits = input[0] & 0xFF;
            maxFramePayload = FRAME_LIMITS[limits % FRAME_LIMITS.length];
            maxMessageSize = MESSAGE_LIMITS[(limits / FRAME_LIMITS.length) % MESSAGE_LIMITS.length];
            maxFramesPerMessage = FRAME_COUNT_LIMITS[(limits / (FRAME_LIMITS.length * MESSAGE_LIMITS.length)) % FRAME_COUNT_LIMITS.length];
            allowedRsv = input[1] & 0x70;
            direct = (input[1] & 0x01) != 0;
            oneByteAtATime = (input[1] & 0x02) != 0;
            splitSeed = ((input[2] & 0xFF) << 8) | (input[3] & 0xFF);
        }
    }

    record Outcome(List<String> events, boolean parserFailed) {
        List<String> controlFrames() {
            return events.stream().filter(e -> e.startsWith("PING") || e.startsWith("PONG") || e.startsWith("CLOSE")).toList();
        }
    }

    /**
     * What the engine does with the parser's reports, plus assertions on them. Records one event per complete
     * frame (with its payload), per control frame and per error, so any split of the stream records the same.
     */
    static final class EngineLikeHandler implements FrameHandler {
        private final Config config;
        private final boolean record;
        final List<String> events = new ArrayList<>();
        /** Handler calls and errors, for the allocation bound. */
        long calls;

        /** After the first error the connection is failing: message data is read and dropped, as in the engine. */
        private boolean failing;

        // The frame the parser announced, until its last payload piece.
        private boolean inFrame;
        private int frameOpcode;
        private boolean frameFin;
        private long frameRemaining;
        private long announcedLength;
        private final CRC32C framePayload = new CRC32C();

        // The message, across frames.
        private boolean inMessage;
        private int messageOpcode;
        private long messageLength;
        private int messageFrames;
        private final Utf8Validator utf8 = new Utf8Validator();
        private final java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();

        EngineLikeHandler(Config config, boolean record) {
            this.config = config;
            this.record = record;
        }

        void failed(ProtocolException e) {
            calls++;
            int code = e.closeCode();
            if (code != CloseCodes.PROTOCOL_ERROR && code != CloseCodes.INVALID_PAYLOAD && code != CloseCodes.MESSAGE_TOO_BIG) {
                fail("close code " + code + " for " + e.getMessage());
            }
            failing = true;
            inFrame = false;
            if (record) events.add("error " + code);
        }

        @Override
        public void onDataFrame(int opcode, boolean fin, long payloadLength) throws ProtocolException {
            calls++;
            if (inFrame && !failing) fail("a frame announced before the last one ended");
            if (payloadLength < 0) fail("negative payload length " + payloadLength);
            if (config.maxFramePayload > 0 && payloadLength > config.maxFramePayload) {
                fail("payload of " + payloadLength + " announced over the limit of " + config.maxFramePayload);
            }
            if (opcode != Opcode.TEXT && opcode != Opcode.BINARY && opcode != Opcode.CONTINUATION) fail("opcode " + opcode);
            if (failing) return;
            if (inMessage != (opcode == Opcode.CONTINUATION)) fail("continuation " + opcode + " while message open: " + inMessage);
            inFrame = true;
            frameOpcode = opcode;
            frameFin = fin;
            frameRemaining = payloadLength;
            announcedLength = payloadLength;
            framePayload.reset();
            if (opcode != Opcode.CONTINUATION) {
                messageOpcode = opcode;
                messageLength = 0;
                messageFrames = 0;
                utf8.reset();
                text.reset();
            }
            inMessage = !fin;
            messageLength += payloadLength;
            if (config.maxMessageSize > 0 && messageLength > config.maxMessageSize) {
                throw new ProtocolException(CloseCodes.MESSAGE_TOO_BIG, "message too big");
            }
            if (config.maxFramesPerMessage > 0 && ++messageFrames > config.maxFramesPerMessage) {
                throw new ProtocolException(CloseCodes.MESSAGE_TOO_BIG, "too many frames");
            }
        }

        @Override
        public void onDataPayload(ByteBuffer payload, boolean frameEnd) throws ProtocolException {
            calls++;
            if (failing) return;
            if (!inFrame) fail("payload without a frame");
            int n = payload.remaining();
            if (n > frameRemaining) fail(n + " payload bytes where " + frameRemaining + " were left");
            frameRemaining -= n;
            if (frameEnd != (frameRemaining == 0)) fail("frame end " + frameEnd + " with " + frameRemaining + " bytes left");
            if (record) framePayload.update(payload.duplicate());
            boolean last = frameEnd && frameFin;
            if (messageOpcode == Opcode.TEXT) {
                if (record) {
                    byte[] bytes = new byte[n];
                    payload.duplicate().get(bytes);
                    text.writeBytes(bytes);
                }
                if (!utf8.feed(payload) || (last && !utf8.isComplete())) {
                    throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "not UTF-8");
                }
                if (last && record) assertJdkAccepts(text.toByteArray());
            }
            if (frameEnd) {
                inFrame = false;
                if (record) {
                    events.add(Opcode.name(frameOpcode) + (frameFin ? " fin " : " more ") + announcedLength
                            + " crc " + Long.toHexString(framePayload.getValue()));
                }
            }
        }

        @Override
        public void onControlFrame(int opcode, ByteBuffer payload) throws ProtocolException {
            calls++;
            if (opcode != Opcode.CLOSE && opcode != Opcode.PING && opcode != Opcode.PONG) fail("opcode " + opcode);
            if (payload.remaining() > 125) fail("control payload of " + payload.remaining() + " bytes");
            if (record) {
                byte[] bytes = new byte[payload.remaining()];
                payload.duplicate().get(bytes);
                events.add(Opcode.name(opcode) + " " + HexFormat.of().formatHex(bytes));
            }
            if (opcode == Opcode.CLOSE) {
                ClosePayload close = ClosePayload.parse(payload);
                if (close.code() != CloseCodes.NO_STATUS && !CloseCodes.isValidOnWire(close.code())) fail("code " + close.code());
                if (record) events.add("close " + close.code() + " " + close.reason());
            }
        }

        private static void assertJdkAccepts(byte[] text) {
            try {
                StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(text));
            } catch (CharacterCodingException e) {
                fail("Utf8Validator accepted a text message the JDK rejects: " + HexFormat.of().formatHex(text));
            }
        }
    }

    /** The JVM's count of bytes allocated by the current thread. */
    static final class Allocation {
        private static final com.sun.management.ThreadMXBean THREADS = threads();
        static final boolean SUPPORTED = THREADS != null;

        private static com.sun.management.ThreadMXBean threads() {
            if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                    && t.isThreadAllocatedMemorySupported()) {
                t.setThreadAllocatedMemoryEnabled(true);
                return t;
            }
            return null;
        }

        static long current() {
            return THREADS.getCurrentThreadAllocatedBytes();
        }
    }
}
