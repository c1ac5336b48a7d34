package io.wsgate.servlet;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Origin values as a browser sends them, and everything else, which is never allowed. */
class OriginPolicyTest {

    private static HttpServletRequest request(String scheme, String host, int port) {
        HttpServletRequest r = mock(HttpServletRequest.class);
        when(r.getScheme()).thenReturn(scheme);
        when(r.getServerName()).thenReturn(host);
        when(r.getServerPort()).thenReturn(port);
        return r;
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "http://", "http:/a.example", "a.example", "http://a.example/", "http://a.example/x",
            "http://u@a.example", "http://a.example:99999", "http://a.example:", "http://a.example, http://b.example",
            "http://a.example http://b.example", "http://a.example?x", "http://a.example#x", "http://[::1", "NULL",
            "null ", "http://a\u00e9.example", "http://a.example:80:80"})
    void malformedOriginsDoNotParse(String origin) {
        assertNull(OriginPolicy.parse(origin), origin);
    }

    @ParameterizedTest
    @CsvSource({"http://a.example, http://a.example:80", "HTTPS://A.Example, https://a.example:443",
            "http://127.0.0.1:8080, http://127.0.0.1:8080", "http://[::1]:8080, http://[::1]:8080",
            "chrome-extension://abc, chrome-extension://abc"})
    void wellFormedOriginsParseNormalised(String origin, String normalised) {
        OriginPolicy.Origin parsed = OriginPolicy.parse(origin);
        assertNotNull(parsed, origin);
        assertEquals(normalised, parsed.toString());
    }

    @ParameterizedTest
    @CsvSource({"http, a.example, 80, http://a.example, true", "http, a.example, 80, http://A.EXAMPLE:80, true",
            "https, a.example, 443, https://a.example, true", "http, a.example, 8080, http://a.example, false",
            "http, a.example, 80, https://a.example, false", "http, ::1, 8080, http://[::1]:8080, true",
            "http, [::1], 8080, http://[::1]:8080, true", "http, a.example, 80, null, false"})
    void sameOrigin(String scheme, String host, int port, String origin, boolean same) {
        HttpServletRequest request = request(scheme, host, port);
        String refusal = OriginPolicy.sameOrigin().refusal(OriginPolicy.parse(origin), request);
        assertEquals(same, refusal == null, () -> origin + ": " + refusal);
    }

    @ParameterizedTest
    @CsvSource({"https://app.example, true", "https://app.example:443, true", "https://APP.example, true",
            "http://app.example, false", "https://evil.example, false", "null, false"})
    void allowList(String origin, boolean allowed) {
        OriginPolicy policy = OriginPolicy.allowList(Set.of("https://app.example"));
        String refusal = policy.refusal(OriginPolicy.parse(origin), request("http", "localhost", 8080));
        assertEquals(allowed, refusal == null, () -> origin + ": " + refusal);
        if (!allowed) assertTrue(refusal.contains("allowedOrigins"), refusal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://anything.example", "null", "http://127.0.0.1:1"})
    void starAllowsEveryWellFormedOrigin(String origin) {
        OriginPolicy any = OriginPolicy.allowList(Set.of("*"));
        assertNull(any.refusal(OriginPolicy.parse(origin), request("http", "localhost", 8080)));
        assertFalse(any.toString().isEmpty());
    }
}
