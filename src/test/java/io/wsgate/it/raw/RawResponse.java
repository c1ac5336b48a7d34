package io.wsgate.it.raw;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An HTTP response as it came off a socket: status line, headers in order (names as sent), and body. */
public record RawResponse(String version, int status, String reason, List<Map.Entry<String, String>> headers, byte[] body) {

    /** First value of the header, name compared case-insensitively, or null. */
    public String header(String name) {
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) return h.getValue();
        }
        return null;
    }

    /** All values of the header, in order. */
    public List<String> headers(String name) {
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) values.add(h.getValue());
        }
        return values;
    }

    /** The comma-separated tokens of every value of the header, trimmed and lower-cased. */
    public List<String> tokens(String name) {
        List<String> tokens = new ArrayList<>();
        for (String value : headers(name)) {
            for (String token : value.split(",")) {
                if (!token.isBlank()) tokens.add(token.trim().toLowerCase(Locale.ROOT));
            }
        }
        return tokens;
    }

    public boolean hasHeader(String name) {
        return header(name) != null;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    RawResponse withBody(byte[] newBody) {
        return new RawResponse(version, status, reason, headers, newBody);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(version).append(' ').append(status).append(' ').append(reason);
        for (Map.Entry<String, String> h : headers) sb.append("\n").append(h.getKey()).append(": ").append(h.getValue());
        if (body.length > 0) sb.append("\n\n").append(bodyText());
        return sb.toString();
    }
}
