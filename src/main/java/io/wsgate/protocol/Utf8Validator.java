package io.wsgate.protocol;

import java.nio.ByteBuffer;

/**
 * Incremental, fail-fast UTF-8 validation (RFC 3629): a message may be split anywhere, across frames and reads,
 * and an invalid byte is reported as soon as it is seen. Rejects overlong forms, surrogates (U+D800-DFFF) and
 * code points above U+10FFFF. The whole state is two ints, so a connection can keep one for free.
 */
public final class Utf8Validator {

    /** Continuation bytes still expected for the current code point. */
    private int pending;
    /** Allowed range of the next continuation byte (narrower than 80..BF right after E0, ED, F0 and F4). */
    private int low = 0x80;
    private int high = 0xBF;

    /** Validates {@code buf}'s remaining bytes without moving its position; false at the first invalid byte. */
    public boolean feed(ByteBuffer buf) {
        if (buf.hasArray()) {
            int from = buf.arrayOffset() + buf.position();
            return feed(buf.array(), from, from + buf.remaining());
        }
        for (int i = buf.position(), end = buf.limit(); i < end; i++) {
            if (!feedByte(buf.get(i) & 0xFF)) return false;
        }
        return true;
    }

    /** Validates {@code bytes[from, to)}; false at the first invalid byte. */
    public boolean feed(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to) {
            if (pending == 0) {
                // ASCII fast path, eight bytes at a time: most text is ASCII.
                while (i + 8 <= to && (ByteArrays.getLong(bytes, i) & 0x8080808080808080L) == 0) {
                    i += 8;
                }
                if (i == to) break;
                int b = bytes[i] & 0xFF;
                if (b < 0x80) {
                    i++;
                    continue;
                }
                // A whole multi-byte sequence in reach is checked in one go, without the byte-by-byte state.
                int n = b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
                if (n != 0 && i + n <= to) {
                    if (!isSequence(bytes, i, b, n)) return false;
                    i += n;
                    continue;
                }
            }
            if (!feedByte(bytes[i++] & 0xFF)) return false;
        }
        return true;
    }

    /** Whether the {@code n}-byte sequence led by {@code lead} at {@code i} is valid (same ranges as {@link #lead}). */
    private static boolean isSequence(byte[] bytes, int i, int lead, int n) {
        int second = bytes[i + 1] & 0xFF;
        int low = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
        int high = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
        if (second < low || second > high) return false;
        for (int k = 2; k < n; k++) {
            if ((bytes[i + k] & 0xC0) != 0x80) return false;
        }
        return true;
    }

    private boolean feedByte(int b) {
        if (pending == 0) {
            if (b < 0x80) return true;
            return lead(b);
        }
        if (b < low || b > high) return false;
        pending--;
        low = 0x80;
        high = 0xBF;
        return true;
    }

    private boolean lead(int b) {
        if (b < 0xC2) return false;          // a stray continuation byte, or an overlong C0/C1 form
        if (b < 0xE0) return expect(1, 0x80, 0xBF);
        if (b == 0xE0) return expect(2, 0xA0, 0xBF);   // overlong three-byte forms start below A0
        if (b == 0xED) return expect(2, 0x80, 0x9F);   // ED A0..BF would be a surrogate
        if (b < 0xF0) return expect(2, 0x80, 0xBF);
        if (b == 0xF0) return expect(3, 0x90, 0xBF);   // overlong four-byte forms start below 90
        if (b < 0xF4) return expect(3, 0x80, 0xBF);
        if (b == 0xF4) return expect(3, 0x80, 0x8F);   // above U+10FFFF from F4 90 on
        return false;                        // F5..FF never appear in UTF-8
    }

    private boolean expect(int continuations, int firstLow, int firstHigh) {
        pending = continuations;
        low = firstLow;
        high = firstHigh;
        return true;
    }

    /** Whether the bytes so far end on a code point boundary, as a complete message must. */
    public boolean isComplete() {
        return pending == 0;
    }

    public void reset() {
        pending = 0;
        low = 0x80;
        high = 0xBF;
    }

    /** Validates a complete byte sequence. */
    public static boolean isValid(ByteBuffer buf) {
        Utf8Validator v = new Utf8Validator();
        return v.feed(buf) && v.isComplete();
    }
}
