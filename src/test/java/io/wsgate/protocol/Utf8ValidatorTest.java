package io.wsgate.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Utf8ValidatorTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "", "41", "c2a2", "e282ac", "f0908d88", "7f", "dfbf", "efbfbf", "f48fbfbf",
            "e0a080", "ed9fbf", "ee8080", "f0908080",
            "cebae1bdb9cf83cebcceb5",            // κόσμε
            "48656c6c6f2dc2b540c39fc3b6c3a4c3bcc3a0c3a12d5554462d382121",
    })
    void valid(String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        assertTrue(Utf8Validator.isValid(ByteBuffer.wrap(bytes)), hex);
        assertSplitsAgree(bytes, true);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "80", "bf", "c0", "c1", "c0af", "c1bf",                 // stray continuation, overlong 2-byte
            "e080af", "e09fbf", "f08080af", "f08fbfbf",             // overlong 3- and 4-byte forms
            "eda080", "edbfbf", "eda080edb080",                     // surrogates (CESU-8 pairs too)
            "f4908080", "f5808080", "f8", "fc", "fe", "ff",         // beyond U+10FFFF, invalid lead bytes
            "c241", "e28241", "f09041", "f0908d41",                 // continuation missing
            "cebae1bdb9cf83cebcceb5eda080656469746564",             // valid then surrogate
    })
    void invalid(String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        assertFalse(Utf8Validator.isValid(ByteBuffer.wrap(bytes)), hex);
        assertSplitsAgree(bytes, false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"c2", "e282", "f0908d", "e0", "f4"})
    void truncatedIsIncompleteButNotInvalid(String hex) {
        Utf8Validator v = new Utf8Validator();
        assertTrue(v.feed(ByteBuffer.wrap(HexFormat.of().parseHex(hex))), "no invalid byte seen yet");
        assertFalse(v.isComplete());
    }

    @Test
    void failsFastOnTheFirstBadByte() {
        Utf8Validator v = new Utf8Validator();
        assertTrue(v.feed(ByteBuffer.wrap("hello ".getBytes(StandardCharsets.UTF_8))));
        assertFalse(v.feed(ByteBuffer.wrap(new byte[]{(byte) 0xed, (byte) 0xa0})), "a surrogate is known at its second byte");
    }

    @Test
    void agreesWithTheJdkDecoderOnRandomInput() {
        Random random = new Random(6455);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[random.nextInt(24)];
            for (int j = 0; j < bytes.length; j++) {
                // favour bytes that make interesting sequences
                int r = random.nextInt(4);
                bytes[j] = (byte) (r == 0 ? random.nextInt(0x80) : r == 1 ? 0x80 + random.nextInt(0x40) : 0xC0 + random.nextInt(0x40));
            }
            boolean expected = jdkAccepts(bytes);
            assertEquals(expected, Utf8Validator.isValid(ByteBuffer.wrap(bytes)), HexFormat.of().formatHex(bytes));
            assertSplitsAgree(bytes, expected);
        }
    }

    /** Feeding in two pieces, split anywhere, gives the same verdict as feeding at once. */
    private static void assertSplitsAgree(byte[] bytes, boolean expected) {
        for (int split = 0; split <= bytes.length; split++) {
            Utf8Validator v = new Utf8Validator();
            boolean ok = v.feed(bytes, 0, split) && v.feed(bytes, split, bytes.length) && v.isComplete();
            assertEquals(expected, ok, HexFormat.of().formatHex(bytes) + " split at " + split);
        }
    }

    private static boolean jdkAccepts(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
