package io.wsgate.servlet;

import io.wsgate.engine.PerMessageDeflate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The permessage-deflate init-params. */
class DeflateSettingsTest {

    @Test
    void defaultsAreOnWithContextTakeoverAndTheMinimum() {
        WsgateSettings s = WsgateSettings.parse(Map.of(), false);
        assertTrue(s.permessageDeflate);
        assertTrue(s.deflateServerContextTakeover);
        assertEquals(PerMessageDeflate.DEFAULT_MIN_MESSAGE_SIZE, s.deflateMinMessageSize);
        assertTrue(WsgateSettings.defaults().permessageDeflate);
    }

    @Test
    void switchesAreRead() {
        WsgateSettings s = WsgateSettings.parse(Map.of("permessageDeflate", "FALSE",
                "deflateServerContextTakeover", "false", "deflateMinMessageSize", "1K"), true);
        assertFalse(s.permessageDeflate);
        assertFalse(s.deflateServerContextTakeover);
        assertEquals(1024, s.deflateMinMessageSize);
    }

    @ParameterizedTest
    @CsvSource({"permessageDeflate, no", "permessageDeflate, 0", "deflateServerContextTakeover, off",
            "deflateMinMessageSize, -1", "deflateMinMessageSize, 4G", "deflateMinMessageSize, big"})
    void invalidValuesStopTheApplicationNamingTheParameter(String name, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WsgateSettings.parse(Map.of(name, value), false));
        assertTrue(e.getMessage().contains(name) && e.getMessage().contains(value), e.getMessage());
    }
}
