package io.wsgate.protocol;

import java.util.ArrayList;
import java.util.List;

/** Comma-separated token lists in HTTP headers (RFC 9110 section 5.6.1), as Connection and Upgrade carry. */
public final class HeaderTokens {

    private HeaderTokens() {}

    /** Whether any of the header's values lists {@code token}, ignoring case and optional whitespace. */
    public static boolean contains(Iterable<String> values, String token) {
        for (String value : values) {
            int start = 0;
            while (start <= value.length()) {
                int comma = value.indexOf(',', start);
                int end = comma < 0 ? value.length() : comma;
                if (trimmedEqualsIgnoreCase(value, start, end, token)) return true;
                start = end + 1;
            }
        }
        return false;
    }

    /** The tokens of all the header's values, in order, trimmed, empty elements dropped. */
    public static List<String> list(Iterable<String> values) {
        List<String> tokens = new ArrayList<>(2);
        for (String value : values) {
            for (String part : value.split(",")) {
                String t = part.trim();
                if (!t.isEmpty()) tokens.add(t);
            }
        }
        return tokens;
    }

    private static boolean trimmedEqualsIgnoreCase(String s, int start, int end, String token) {
        while (start < end && isWhitespace(s.charAt(start))) start++;
        while (end > start && isWhitespace(s.charAt(end - 1))) end--;
        return end - start == token.length() && s.regionMatches(true, start, token, 0, token.length());
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t';
    }
}
