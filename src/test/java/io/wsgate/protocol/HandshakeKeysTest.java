package io.wsgate.protocol;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HandshakeKeysTest {

    @ParameterizedTest
    @CsvSource({
            // the seed document's example (its second copy, with a capital I for the l, is a typo)
            "q4xkcO32u266gldTuKaSOw==, fA9dggdnMPU79lJgAE3W4TRnyDM=",
            // RFC 6455 section 1.3
            "dGhlIHNhbXBsZSBub25jZQ==, s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
    })
    void acceptKnownAnswers(String key, String accept) {
        assertEquals(accept, HandshakeKeys.accept(key));
    }

    @org.junit.jupiter.api.Test
    void seedTypoIsNotTheAnswer() {
        assertNotEquals("fA9dggdnMPU79IJgAE3W4TRnyDM=", HandshakeKeys.accept("q4xkcO32u266gldTuKaSOw=="));
    }

    @ParameterizedTest
    @ValueSource(strings = {"q4xkcO32u266gldTuKaSOw==", "dGhlIHNhbXBsZSBub25jZQ==", "AAAAAAAAAAAAAAAAAAAAAA=="})
    void validKeys(String key) {
        assertTrue(HandshakeKeys.isValidKey(key));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",                              // empty
            "dGhlIHNhbXBsZSBub25jZQ",        // padding missing
            "dGhlIHNhbXBsZSBub25j",          // 15 bytes
            "dGhlIHNhbXBsZSBub25jZQ==AA",    // too long
            "AAAAAAAAAAAAAAAAAAAAAAA=",      // 17 bytes
            "dGhlIHNhbXBsZSBub25jZ!==",      // not base64
            "dGhlIHNhbXBsZSBub25j ZQ=",      // space inside
    })
    void invalidKeys(String key) {
        assertFalse(HandshakeKeys.isValidKey(key));
    }
}
