package io.wsgate.protocol;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeaderParsingTest {

    @Test
    void tokenLists() {
        assertTrue(HeaderTokens.contains(List.of("keep-alive, Upgrade"), "upgrade"));
        assertTrue(HeaderTokens.contains(List.of("keep-alive", " UPGRADE "), "upgrade"));
        assertTrue(HeaderTokens.contains(List.of("WebSocket"), "websocket"));
        assertFalse(HeaderTokens.contains(List.of("upgrades, keep-alive"), "upgrade"));
        assertFalse(HeaderTokens.contains(List.of(""), "upgrade"));
        assertEquals(List.of("chat", "superchat", "x"), HeaderTokens.list(List.of("chat, superchat", " ,x")));
    }

    @Test
    void extensionOffersWithQuotedParameters() {
        List<ExtensionOffer> offers = ExtensionOffer.parse(List.of(
                "permessage-deflate; client_max_window_bits, foo; bar=\"baz, qux\"; n=1",
                "x-webkit-deflate-frame"));
        assertEquals(3, offers.size());
        assertEquals("permessage-deflate", offers.get(0).name());
        assertTrue(offers.get(0).parameters().containsKey("client_max_window_bits"));
        assertEquals(null, offers.get(0).parameters().get("client_max_window_bits"));
        assertEquals("foo", offers.get(1).name());
        assertEquals(Map.of("bar", "baz, qux", "n", "1"), offers.get(1).parameters());
        assertEquals("x-webkit-deflate-frame", offers.get(2).name());
    }

    @Test
    void malformedOffersAreSkippedNotFatal() {
        List<ExtensionOffer> offers = ExtensionOffer.parse(List.of("; x, good, bad name, also; =1, q; a=\"unterminated"));
        assertEquals(List.of("good"), offers.stream().map(ExtensionOffer::name).toList());
    }
}
