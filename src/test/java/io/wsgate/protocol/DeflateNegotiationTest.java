package io.wsgate.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 7692 section 7: which offer is accepted and exactly what is answered. */
class DeflateNegotiationTest {

    private static String answer(String header, boolean serverContextTakeover) {
        DeflateParameters p = DeflateNegotiation.negotiate(ExtensionOffer.parse(List.of(header)), serverContextTakeover);
        return p == null ? null : p.responseHeader();
    }

    private static String answer(String header) {
        return answer(header, true);
    }

    @Test
    void plainOfferIsAcceptedAsIs() {
        assertEquals("permessage-deflate", answer("permessage-deflate"));
    }

    @Test
    void serverWithoutContextTakeoverSaysSoEvenWhenNotAsked() {
        assertEquals("permessage-deflate; server_no_context_takeover", answer("permessage-deflate", false));
    }

    @Test
    void everyParameterIsAnsweredExactly() {
        assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover",
                answer("permessage-deflate; client_no_context_takeover; server_no_context_takeover"));
        assertEquals("permessage-deflate; server_max_window_bits=9", answer("permessage-deflate; server_max_window_bits=9"));
        assertEquals("permessage-deflate; server_max_window_bits=15", answer("permessage-deflate; server_max_window_bits=15"));
        // valueless client_max_window_bits: we need no limit, so the answer leaves it out (RFC 7692 7.1.2.2)
        assertEquals("permessage-deflate", answer("permessage-deflate; client_max_window_bits"));
        assertEquals("permessage-deflate; client_max_window_bits=10", answer("permessage-deflate; client_max_window_bits=10"));
        assertEquals("permessage-deflate; server_max_window_bits=8; client_max_window_bits=8",
                answer("permessage-deflate; client_max_window_bits=8; server_max_window_bits=8"));
        assertEquals("permessage-deflate; server_max_window_bits=12", answer("permessage-deflate; server_max_window_bits=\"12\""));
    }

    @Test
    void smallServerWindowMeansHuffmanOnlyAndNoContext() {
        DeflateParameters p = DeflateNegotiation.negotiate(
                ExtensionOffer.parse(List.of("permessage-deflate; server_max_window_bits=9")), true);
        assertNotNull(p);
        assertTrue(p.huffmanOnly());
        assertEquals(false, p.compressorKeepsContext());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "permessage-deflate; server_max_window_bits",          // value required
            "permessage-deflate; server_max_window_bits=7",
            "permessage-deflate; server_max_window_bits=16",
            "permessage-deflate; server_max_window_bits=08",       // no leading zero
            "permessage-deflate; server_max_window_bits=+9",
            "permessage-deflate; server_max_window_bits=abc",
            "permessage-deflate; client_max_window_bits=0",
            "permessage-deflate; client_max_window_bits=\"\"",
            "permessage-deflate; server_no_context_takeover=1",    // takes no value
            "permessage-deflate; client_no_context_takeover=true",
            "permessage-deflate; server_no_context_takeover; server_no_context_takeover",  // repeated
            "permessage-deflate; server_max_window_bits=10; server_max_window_bits=10",
            "permessage-deflate; client_max_window_bits; client_max_window_bits=9",
            "permessage-deflate; unknown_parameter",
            "permessage-deflate; mux",
            "permessage-deflate;",
            "x-webkit-deflate-frame",
    })
    void invalidOffersAreDeclined(String header) {
        assertNull(answer(header), header);
    }

    @Test
    void invalidOfferFallsThroughToTheNextValidOne() {
        assertEquals("permessage-deflate; client_no_context_takeover",
                answer("permessage-deflate; server_max_window_bits=20, x-foo, permessage-deflate; foo=bar, "
                        + "permessage-deflate; client_no_context_takeover, permessage-deflate"));
        // several header lines count as one list, in order
        DeflateParameters p = DeflateNegotiation.negotiate(ExtensionOffer.parse(List.of(
                "permessage-deflate; server_max_window_bits=1", "permessage-deflate; server_max_window_bits=11")), true);
        assertEquals("permessage-deflate; server_max_window_bits=11", p.responseHeader());
    }

    @Test
    void invalidityIsExplained() {
        assertEquals("unknown parameter foo",
                DeflateNegotiation.invalidity(ExtensionOffer.parse(List.of("permessage-deflate; foo")).get(0)));
        assertEquals("a parameter is repeated", DeflateNegotiation.invalidity(ExtensionOffer.parse(
                List.of("permessage-deflate; client_no_context_takeover; client_no_context_takeover")).get(0)));
    }
}
