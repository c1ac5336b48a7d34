package io.wsgate.it;

import java.util.Random;

/** Test payloads, random but reproducible. */
final class Messages {

    /** Code points that take four UTF-8 bytes (two UTF-16 chars each). */
    static final String FOUR_BYTE_CHARS = "\uD83D\uDE00\uD834\uDD1E\uD83C\uDF89";

    private Messages() {}

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** ASCII text of exactly {@code size} UTF-8 bytes. */
    static String asciiText(int size, long seed) {
        Random random = new Random(seed);
        char[] chars = new char[size];
        for (int i = 0; i < size; i++) chars[i] = (char) (' ' + random.nextInt(95));
        return new String(chars);
    }

    /** Text mixing ASCII, two-, three- and four-byte UTF-8 sequences. */
    static String mixedUnicode() {
        return "ascii, \u00e9\u00e8 (2 bytes), \u20ac\u4e2d\u6587 (3 bytes), " + FOUR_BYTE_CHARS + " (4 bytes)";
    }
}
