package io.wsgate.servlet;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** The RFC 6455 4.2.1 checks as a table. A mock stands in for the request: only its headers matter here. */
class HandshakeValidatorTest {

    private static Map<String, List<String>> valid() {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("host", List.of("example.com"));
        h.put("upgrade", List.of("websocket"));
        h.put("connection", List.of("Upgrade"));
        h.put("sec-websocket-key", List.of("dGhlIHNhbXBsZSBub25jZQ=="));
        h.put("sec-websocket-version", List.of("13"));
        return h;
    }

    private static HttpServletRequest request(String method, String protocol, Map<String, List<String>> headers) {
        HttpServletRequest r = mock(HttpServletRequest.class);
        when(r.getMethod()).thenReturn(method);
        when(r.getProtocol()).thenReturn(protocol);
        when(r.getHeader(anyString())).thenAnswer(i -> {
            List<String> v = headers.get(((String) i.getArgument(0)).toLowerCase());
            return v == null ? null : v.get(0);
        });
        // the query string rides in a pseudo-header of the table
        when(r.getQueryString()).thenReturn(headers.containsKey("x-query") ? headers.get("x-query").get(0) : null);
        when(r.getHeaders(anyString())).thenAnswer(i ->
                Collections.enumeration(headers.getOrDefault(((String) i.getArgument(0)).toLowerCase(), List.of())));
        return r;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("valid", "GET", "HTTP/1.1", valid(), 0, null),
                Arguments.of("Firefox's Connection", "GET", "HTTP/1.1", with("connection", "keep-alive, Upgrade"), 0, null),
                Arguments.of("Connection in two headers", "GET", "HTTP/1.1", with("connection", "keep-alive", "upgrade"), 0, null),
                Arguments.of("Upgrade in other case", "GET", "HTTP/1.1", with("upgrade", "WebSocket"), 0, null),
                Arguments.of("HTTP/2.0", "GET", "HTTP/2.0", valid(), 0, null),
                Arguments.of("POST", "POST", "HTTP/1.1", valid(), 400, "GET"),
                Arguments.of("HTTP/1.0", "GET", "HTTP/1.0", valid(), 400, "HTTP/1.1"),
                Arguments.of("no Host", "GET", "HTTP/1.1", without("host"), 400, "Host"),
                Arguments.of("no Connection upgrade", "GET", "HTTP/1.1", with("connection", "keep-alive"), 400, "Connection"),
                Arguments.of("no Upgrade websocket", "GET", "HTTP/1.1", with("upgrade", "h2c"), 400, "Upgrade"),
                Arguments.of("no key", "GET", "HTTP/1.1", without("sec-websocket-key"), 400, "missing Sec-WebSocket-Key"),
                Arguments.of("15-byte key", "GET", "HTTP/1.1", with("sec-websocket-key", "dGhlIHNhbXBsZSBub25j"), 400, "16 bytes"),
                Arguments.of("17-byte key", "GET", "HTTP/1.1", with("sec-websocket-key", "AAAAAAAAAAAAAAAAAAAAAAA="), 400, "16 bytes"),
                Arguments.of("garbled key", "GET", "HTTP/1.1", with("sec-websocket-key", "not base64 at all!!!!!=="), 400, "16 bytes"),
                Arguments.of("two keys", "GET", "HTTP/1.1", with("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ==", "q4xkcO32u266gldTuKaSOw=="), 400, "more than one"),
                Arguments.of("no version", "GET", "HTTP/1.1", without("sec-websocket-version"), 400, "Sec-WebSocket-Version"),
                Arguments.of("version 8", "GET", "HTTP/1.1", with("sec-websocket-version", "8"), 426, "13"),
                Arguments.of("version 14", "GET", "HTTP/1.1", with("sec-websocket-version", "14"), 426, "13"),
                Arguments.of("two versions", "GET", "HTTP/1.1", with("sec-websocket-version", "13", "13"), 400, "more than one"),
                Arguments.of("two hosts", "GET", "HTTP/1.1", with("host", "example.com", "evil.example"), 400, "more than one Host"),
                Arguments.of("bad query escape", "GET", "HTTP/1.1", with("x-query", "a=%zz"), 400, "percent-encoding"),
                Arguments.of("truncated query escape", "GET", "HTTP/1.1", with("x-query", "a=%4"), 400, "percent-encoding"),
                Arguments.of("good query escapes", "GET", "HTTP/1.1", with("x-query", "a=%41%e2%82%ac&b="), 0, null));
    }

    private static Map<String, List<String>> with(String name, String... values) {
        Map<String, List<String>> h = valid();
        h.put(name, List.of(values));
        return h;
    }

    private static Map<String, List<String>> without(String name) {
        Map<String, List<String>> h = valid();
        h.remove(name);
        return h;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void validate(String name, String method, String protocol, Map<String, List<String>> headers, int status, String reasonPart) {
        HandshakeValidator.Refusal refusal = HandshakeValidator.validate(request(method, protocol, headers));
        if (status == 0) {
            assertNull(refusal, () -> refusal.reason);
        } else {
            assertEquals(status, refusal.status);
            assertTrue(refusal.reason.contains(reasonPart), refusal.reason);
            assertTrue(!refusal.reason.contains("\n"), "one line");
        }
    }
}
