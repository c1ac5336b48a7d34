package io.wsgate.jakarta.handshake;

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

    /**
     * Parses a URI, percent-encoding what a lenient client sent but URI syntax forbids (spaces, brackets in the query,
     * non-ASCII, a '%' that starts no escape). Never throws for what a container let through: the handshake must
     * not fail with a 500 for a URI that is only untidy.
     */
    static URI parse(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            StringBuilder escaped = new StringBuilder(bytes.length + 16);
            int schemeEnd = text.indexOf("://");
            int authorityEnd = schemeEnd < 0 ? 0 : indexOfAny(text, "/?#", schemeEnd + 3);
            for (int i = 0; i < bytes.length; i++) {
                int c = bytes[i] & 0xff;
                // the authority keeps its brackets (an IPv6 literal); elsewhere they are escaped
                boolean inAuthority = i < authorityEnd;
                if (c == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) escaped.append('%');
                else if (c > 0x20 && c < 0x7f && c != '%' && "\"<>\\^`{|}#".indexOf(c) < 0
                        && (inAuthority || (c != '[' && c != ']'))) escaped.append((char) c);
                else escaped.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
            try {
                return new URI(escaped.toString());
            } catch (URISyntaxException stillBad) {
                throw new io.wsgate.servlet.BadHandshakeException("the request URI cannot be parsed", stillBad);
            }
        }
    }

    private static int indexOfAny(String text, String chars, int from) {
        for (int i = from; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) return i;
        }
        return text.length();
    }

    private static boolean isHex(byte b) {
        return Character.digit(b & 0xff, 16) >= 0;
    }
}
