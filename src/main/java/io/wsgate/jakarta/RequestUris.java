package io.wsgate.jakarta;

import jakarta.servlet.http.HttpServletRequest;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;

/** The full URI of an upgrade request with the scheme changed to ws or wss (Session.getRequestURI javadoc). */
final class RequestUris {

    private RequestUris() {}

    static URI webSocketUri(HttpServletRequest request) {
        StringBuilder uri = new StringBuilder(request.getRequestURL());
        if (uri.length() >= 5 && uri.substring(0, 5).equalsIgnoreCase("https")) uri.replace(0, 5, "wss");
        else if (uri.length() >= 4 && uri.substring(0, 4).equalsIgnoreCase("http")) uri.replace(0, 4, "ws");
        String query = request.getQueryString();
        if (query != null) uri.append('?').append(query);
        return parse(uri.toString());
    }

    /** Parses a URI, percent-encoding characters a lenient client sent but URI syntax forbids. */
    static URI parse(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            StringBuilder escaped = new StringBuilder(text.length() + 16);
            for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
                int c = b & 0xff;
                if (c > 0x20 && c < 0x7f && "\"<>\\^`{|}".indexOf(c) < 0) escaped.append((char) c);
                else escaped.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
            return URI.create(escaped.toString());
        }
    }
}
