package io.wsgate.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of {@link ExtensionOffer#parse}: the input, read as ISO-8859-1 (as containers decode
 * header bytes), is one {@code Sec-WebSocket-Extensions} header value per line.
 *
 * <p>Properties: parsing never throws (a malformed offer is documented to be skipped, not to fail); what it
 * accepts has a token for a name and for each parameter name; and what it accepts round-trips: each offer's
 * {@code toString()}, and all of them joined with commas, parse back to equal offers.
 */
class ExtensionOfferFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void parse(byte[] input) {
        List<String> values = List.of(new String(input, StandardCharsets.ISO_8859_1).split("\n", -1));
        List<ExtensionOffer> offers = ExtensionOffer.parse(values);
        assertNotNull(offers);

        StringBuilder joined = new StringBuilder();
        for (ExtensionOffer offer : offers) {
            assertTrue(ExtensionOffer.isToken(offer.name()), () -> "name " + offer.name());
            for (Map.Entry<String, String> p : offer.parameters().entrySet()) {
                assertTrue(ExtensionOffer.isToken(p.getKey()), () -> "parameter " + p.getKey());
            }
            String written = offer.toString();
            assertFalse(written.contains("\n"), "one line");
            List<ExtensionOffer> again = ExtensionOffer.parse(List.of(written));
            assertEquals(1, again.size(), () -> "'" + written + "' parsed back to " + again);
            assertSame(offer, again.get(0), written);
            if (joined.length() > 0) joined.append(", ");
            joined.append(written);
        }
        List<ExtensionOffer> all = ExtensionOffer.parse(List.of(joined.toString()));
        assertEquals(offers.size(), all.size(), () -> "'" + joined + "'");
        for (int i = 0; i < offers.size(); i++) assertSame(offers.get(i), all.get(i), joined.toString());
    }

    private static void assertSame(ExtensionOffer expected, ExtensionOffer actual, String written) {
        assertEquals(expected.name(), actual.name(), () -> "name after '" + written + "'");
        assertEquals(expected.parameters(), actual.parameters(), () -> "parameters after '" + written + "'");
        assertEquals(List.copyOf(expected.parameters().keySet()), List.copyOf(actual.parameters().keySet()),
                () -> "parameter order after '" + written + "'");
    }
}
