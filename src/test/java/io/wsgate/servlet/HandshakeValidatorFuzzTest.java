package io.wsgate.servlet;

import com.code_intelligence.jazzer.junit.FuzzTest;
import jakarta.servlet.http.HttpServletRequest;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Coverage-guided fuzzing of {@link HandshakeValidator} with arbitrary request lines and headers, repeated headers
 * included. The input, read as ISO-8859-1 (as containers decode header bytes), is a request in text form: the
 * method on the first line, the protocol on the second, then one {@code Name: value} header per line.
 *
 * <p>Properties: neither {@code isUpgrade} nor {@code validate} throws; a refusal is 400 or 426 with a reason;
 * and a handshake that passes has what RFC 6455 4.2.1 requires (checked here independently): GET, HTTP/1.1 or
 * later, a Host, {@code websocket} in Upgrade, {@code upgrade} in Connection, one Sec-WebSocket-Version of 13 and
 * one Sec-WebSocket-Key of 16 base64-encoded bytes.
 */
class HandshakeValidatorFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void validate(byte[] input) {
        String[] lines = new String(input, StandardCharsets.ISO_8859_1).split("\n", -1);
        String method = lines[0];
        String protocol = lines.length > 1 ? lines[1] : null;
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 2; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            String name = colon < 0 ? lines[i] : lines[i].substring(0, colon);
            String value = colon < 0 ? "" : lines[i].substring(colon + 1);
            headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).add(value);
        }
        HttpServletRequest request = request(method, protocol, headers);

        HandshakeValidator.isUpgrade(request);
        HandshakeValidator.Refusal refusal = HandshakeValidator.validate(request);
        if (refusal != null) {
            assertTrue(refusal.status == 400 || refusal.status == 426, () -> "status " + refusal.status);
            assertNotNull(refusal.reason);
            assertTrue(!refusal.reason.isBlank(), "a reason");
            return;
        }
        assertEquals("GET", method);
        // The version is read leniently ("HTTP/011", "HTTP/+2" pass): the container has parsed the request line.
        assertTrue(protocol.startsWith("HTTP/") && !protocol.equals("HTTP/1.0") && !protocol.equals("HTTP/0.9"),
                () -> "protocol " + protocol);
        assertTrue(headers.containsKey("host") && !headers.get("host").get(0).isBlank(), "a Host");
        assertTrue(anyToken(headers.get("upgrade"), "websocket"), "Upgrade: websocket");
        assertTrue(anyToken(headers.get("connection"), "upgrade"), "Connection: upgrade");
        List<String> versions = headers.get("sec-websocket-version");
        assertTrue(versions != null && versions.size() == 1 && versions.get(0).trim().equals("13"), "version 13");
        List<String> keys = headers.get("sec-websocket-key");
        assertTrue(keys != null && keys.size() == 1, "one key");
        try {
            assertEquals(16, Base64.getDecoder().decode(keys.get(0).trim()).length, "a 16-byte key");
        } catch (IllegalArgumentException e) {
            fail("accepted a key that is not base64: " + keys.get(0));
        }
    }

    private static boolean anyToken(List<String> values, String token) {
        if (values == null) return false;
        for (String value : values) {
            for (String t : value.split(",", -1)) {
                if (t.strip().equalsIgnoreCase(token)) return true;
            }
        }
        return false;
    }

    /**
     * A request that answers what a handshake reads (method, protocol, headers by case-insensitive name, as
     * containers do) and the defaults of an empty request for the rest.
     */
    private static HttpServletRequest request(String method, String protocol, Map<String, List<String>> headers) {
        return (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> {
                    switch (m.getName()) {
                        case "getMethod": return method;
                        case "getProtocol": return protocol;
                        case "getHeader": {
                            List<String> values = headers.get(((String) args[0]).toLowerCase(Locale.ROOT));
                            return values == null ? null : values.get(0);
                        }
                        case "getHeaders":
                            return Collections.enumeration(headers.getOrDefault(((String) args[0]).toLowerCase(Locale.ROOT), List.of()));
                        case "getHeaderNames": return Collections.enumeration(headers.keySet());
                        case "toString": return "fuzzed request";
                        case "hashCode": return System.identityHashCode(proxy);
                        case "equals": return proxy == args[0];
                        default:
                            Class<?> type = m.getReturnType();
                            if (type == boolean.class) return false;
                            if (type == int.class) return 0;
                            if (type == long.class) return 0L;
                            return null;
                    }
                });
    }
}
