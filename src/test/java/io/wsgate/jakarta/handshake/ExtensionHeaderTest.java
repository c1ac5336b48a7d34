package io.wsgate.jakarta.handshake;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ExtensionHeaderTest {

    @Test
    void extensionOffersAreParsed() {
        var offers = ExtensionHeader.parse(List.of("permessage-deflate; client_max_window_bits, foo; a=\"1,2\"; b=3"));
        assertEquals(2, offers.size());
        assertEquals("permessage-deflate", offers.get(0).getName());
        assertEquals("client_max_window_bits", offers.get(0).getParameters().get(0).getName());
        assertNull(offers.get(0).getParameters().get(0).getValue());
        assertEquals(Map.of("a", "1,2", "b", "3"), Map.of(
                offers.get(1).getParameters().get(0).getName(), offers.get(1).getParameters().get(0).getValue(),
                offers.get(1).getParameters().get(1).getName(), offers.get(1).getParameters().get(1).getValue()));
    }
}
