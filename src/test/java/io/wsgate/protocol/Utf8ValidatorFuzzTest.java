package io.wsgate.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Coverage-guided fuzzing of {@link Utf8Validator} against the JDK's strict UTF-8 decoder.
 *
 * <p>The input is two bytes of split seed followed by the bytes to validate. They are fed in pieces (through each
 * of the validator's three paths: heap buffers, direct buffers and arrays at an offset, with a poison byte either
 * side of each piece). Properties: the verdict on the whole input (all pieces accepted and {@code isComplete()})
 * is the JDK decoder's; and the validator fails fast: after each piece it has accepted everything so far exactly
 * when the bytes so far can still be completed into valid UTF-8 (checked with the JDK decoder: valid UTF-8 followed
 * by the start of one code point that some continuation bytes complete).
 */
class Utf8ValidatorFuzzTest {

    /** Continuation bytes that, between them, complete any valid incomplete sequence (E0 needs A0, F0 needs 90). */
    private static final byte[] COMPLETIONS = {(byte) 0x80, (byte) 0x90, (byte) 0xA0};

    private static final CharsetDecoder DECODER = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    @FuzzTest(maxDuration = "10s")
    void validate(byte[] input) {
        if (input.length < 2) return;
        Random random = new Random(((input[0] & 0xFF) << 8) | (input[1] & 0xFF));
        byte[] text = Arrays.copyOfRange(input, 2, input.length);

        int firstDead = firstDeadEnd(text);
        Utf8Validator validator = new Utf8Validator();
        boolean accepted = true;
        int offset = 0;
        while (offset < text.length && accepted) {
            int size = 1 + random.nextInt(Math.min(text.length - offset, random.nextBoolean() ? 4 : 40));
            accepted = feed(validator, text, offset, size, random.nextInt(3));
            offset += size;
            int end = offset;
            assertEquals(end < firstDead, accepted,
                    () -> "verdict after " + HexFormat.of().formatHex(text, 0, end) + " (of " + HexFormat.of().formatHex(text) + ")");
        }
        boolean valid = accepted && validator.isComplete();
        assertEquals(jdkAccepts(text, text.length), valid, () -> "verdict on " + HexFormat.of().formatHex(text));
        assertEquals(valid, Utf8Validator.isValid(ByteBuffer.wrap(text)), "isValid");
        ByteBuffer direct = ByteBuffer.allocateDirect(text.length).put(text).flip();
        assertEquals(valid, Utf8Validator.isValid(direct), "isValid on a direct buffer");
        assertEquals(0, direct.position(), "validation leaves the position alone");
    }

    /** Feeds {@code text[offset, offset + size)} through one of the validator's paths. */
    private static boolean feed(Utf8Validator validator, byte[] text, int offset, int size, int path) {
        switch (path) {
            case 0: {
                // An array view at an offset, bytes that are never valid UTF-8 around it: reading past the piece shows.
                byte[] padded = new byte[size + 18];
                Arrays.fill(padded, (byte) 0xFF);
                System.arraycopy(text, offset, padded, 9, size);
                return validator.feed(padded, 9, 9 + size);
            }
            case 1: {
                ByteBuffer heap = ByteBuffer.wrap(text, offset, size).slice();
                boolean ok = validator.feed(heap);
                assertEquals(0, heap.position());
                return ok;
            }
            default: {
                ByteBuffer direct = ByteBuffer.allocateDirect(size + 2);
                direct.put((byte) 0xFF).put(text, offset, size).put((byte) 0xFF);
                direct.position(1).limit(1 + size);
                return validator.feed(direct);
            }
        }
    }

    /**
     * The smallest {@code end} such that {@code text[0, end)} can no longer be completed into valid UTF-8, or
     * {@code text.length + 1} when every prefix can. Being completable only gets lost as bytes are added.
     */
    private static int firstDeadEnd(byte[] text) {
        if (canComplete(text, text.length)) return text.length + 1;
        int alive = 0;
        int dead = text.length;
        while (dead - alive > 1) {
            int mid = (alive + dead) >>> 1;
            if (canComplete(text, mid)) alive = mid; else dead = mid;
        }
        return dead;
    }

    /**
     * Whether {@code text[0, end)} is valid UTF-8 followed by the start (at most three bytes) of one more code
     * point that some continuation bytes complete.
     */
    private static boolean canComplete(byte[] text, int end) {
        for (int start = end; start >= Math.max(0, end - 3); start--) {
            if (tailCompletes(Arrays.copyOfRange(text, start, end)) && jdkAccepts(text, start)) return true;
        }
        return false;
    }

    private static boolean tailCompletes(byte[] tail) {
        if (tail.length == 0) return true;
        byte[] candidate = Arrays.copyOf(tail, tail.length + 3);
        for (int extra = 1; extra <= 3; extra++) {
            int combinations = (int) Math.pow(COMPLETIONS.length, extra);
            for (int c = 0; c < combinations; c++) {
                int k = c;
                for (int i = 0; i < extra; i++) {
                    candidate[tail.length + i] = COMPLETIONS[k % COMPLETIONS.length];
                    k /= COMPLETIONS.length;
                }
                if (jdkAccepts(candidate, tail.length + extra)) return true;
            }
        }
        return false;
    }

    /** Whether the JDK's decoder, reporting every malformed input, decodes {@code bytes[0, length)}. */
    private static boolean jdkAccepts(byte[] bytes, int length) {
        // Results rather than exceptions: this runs thousands of times per input.
        CharsetDecoder decoder = DECODER.reset();
        CharBuffer out = CharBuffer.allocate(length);
        return !decoder.decode(ByteBuffer.wrap(bytes, 0, length), out, true).isError() && !decoder.flush(out).isError();
    }
}
