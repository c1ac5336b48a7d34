package io.wsgate.servlet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one parser of wsgate's init parameters. */
class WsgateSettingsTest {

    private static WsgateSettings parse(Map<String, String> params) {
        return WsgateSettings.parse(params, true);
    }

    @Test
    void sizesTakeKMAndGSuffixes() {
        WsgateSettings s = parse(Map.of("maxMessageSize", "16M", "maxFramePayload", "64k", "maxOutboundBytes", "1G"));
        assertEquals(16L * 1024 * 1024, s.policy.maxTextMessageSize());
        assertEquals(16L * 1024 * 1024, s.policy.maxBinaryMessageSize());
        assertEquals(64 * 1024, s.policy.maxFramePayload());
        assertEquals(1024L * 1024 * 1024, s.policy.maxOutboundBytes());
    }

    @Test
    void zeroMeansNoLimitWhereThatIsSafe() {
        WsgateSettings s = parse(Map.of("maxMessageSize", "0", "maxFramePayload", "0", "maxFramesPerMessage", "0",
                "idleTimeout", "0", "pingInterval", "0", "maxConnections", "0", "maxConnectionsPerAddress", "0"));
        assertEquals(0, s.policy.maxTextMessageSize());
        assertEquals(0, s.policy.maxFramesPerMessage());
        assertEquals(Duration.ZERO, s.policy.idleTimeout());
        assertEquals(0, s.maxConnections);
        assertEquals(0, s.maxConnectionsPerAddress);
    }

    @ParameterizedTest
    @CsvSource({"closeTimeout, 0, 5000", "maxOutboundBytes, 0, 1M"})
    void zeroIsRefusedWhereItCannotMeanNoLimit(String name, String value, String suggested) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(Map.of(name, value)));
        assertTrue(e.getMessage().contains("init-param " + name + "=" + value), e.getMessage());
        assertTrue(e.getMessage().contains(suggested), "the message should name the fix: " + e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"maxMessageSize|-1", "maxMessageSize|16X", "maxMessageSize|99999999999G",
            "maxFramesPerMessage|3000000000", "idleTimeout|5s", "maxConnections|-2", "maxConnectionsPerAddress|lots",
            "overflowAction|DROP", "allowedOrigins|example.com", "allowedOrigins|https://a.example/path"})
    void badValuesNameTheParameter(String name, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(Map.of(name, value)));
        assertTrue(e.getMessage().contains(name), e.getMessage());
    }

    @Test
    void unknownParametersAreWarnedAboutNamingTheKnownOnes() {
        List<LogRecord> records = new ArrayList<>();
        Handler handler = new Handler() {
            @Override public void publish(LogRecord record) { records.add(record); }
            @Override public void flush() {}
            @Override public void close() {}
        };
        Logger logger = Logger.getLogger(WsgateSettings.class.getName());
        logger.addHandler(handler);
        try {
            parse(Map.of("maxMesageSize", "16M", "idleTimeout", "1000"));
        } finally {
            logger.removeHandler(handler);
        }
        assertEquals(1, records.size(), records::toString);
        assertEquals(Level.WARNING, records.get(0).getLevel());
        String message = records.get(0).getMessage();
        assertTrue(message.contains("maxMesageSize") && message.contains("maxMessageSize"), message);
    }

    @Test
    void allowListEntriesAreComparedNormalised() {
        WsgateSettings s = parse(Map.of("allowedOrigins", "HTTPS://App.Example:443, http://other.example:8080"));
        assertEquals("[https://app.example:443, http://other.example:8080]", s.origins.toString());
    }
}
