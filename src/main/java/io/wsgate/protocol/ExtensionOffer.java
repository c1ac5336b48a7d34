package io.wsgate.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One extension offered in {@code Sec-WebSocket-Extensions} (RFC 6455 section 9.1): a name and its parameters,
 * e.g. {@code permessage-deflate; client_max_window_bits}. Parameter values may be quoted strings, which can hold
 * commas and semicolons. A parameter without a value maps to null.
 */
public final class ExtensionOffer {

    private final String name;
    private final Map<String, String> parameters;
    /** A parameter appeared more than once (the map holds its last value): invalid for permessage-deflate. */
    private final boolean repeatedParameter;

    public ExtensionOffer(String name, Map<String, String> parameters) {
        this(name, parameters, false);
    }

    ExtensionOffer(String name, Map<String, String> parameters, boolean repeatedParameter) {
        this.name = name;
        this.parameters = Collections.unmodifiableMap(parameters);
        this.repeatedParameter = repeatedParameter;
    }

    public String name() { return name; }

    public Map<String, String> parameters() { return parameters; }

    /** Whether a parameter name appeared more than once in the offer. */
    public boolean hasRepeatedParameter() { return repeatedParameter; }

    /**
     * Parses all offers in the header's values. A malformed offer is skipped rather than failing the handshake:
     * an extension the server cannot read is one it declines.
     */
    public static List<ExtensionOffer> parse(Iterable<String> headerValues) {
        List<ExtensionOffer> offers = new ArrayList<>(1);
        for (String value : headerValues) {
            for (List<String> element : split(value)) {
                ExtensionOffer offer = toOffer(element);
                if (offer != null) offers.add(offer);
            }
        }
        return offers;
    }

    /** Splits a header value into elements (by commas) of parts (by semicolons), honouring quoted strings. */
    private static List<List<String>> split(String value) {
        List<List<String>> elements = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted) {
                if (c == '\\' && i + 1 < value.length()) {
                    part.append(c).append(value.charAt(++i));
                    continue;
                }
                if (c == '"') quoted = false;
                part.append(c);
            } else if (c == '"') {
                quoted = true;
                part.append(c);
            } else if (c == ';' || c == ',') {
                parts.add(part.toString().trim());
                part.setLength(0);
                if (c == ',') {
                    elements.add(parts);
                    parts = new ArrayList<>();
                }
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString().trim());
        elements.add(parts);
        return elements;
    }

    private static ExtensionOffer toOffer(List<String> parts) {
        String name = parts.get(0);
        if (!isToken(name)) return null;
        Map<String, String> params = new LinkedHashMap<>();
        boolean repeated = false;
        for (int i = 1; i < parts.size(); i++) {
            String p = parts.get(i);
            int eq = p.indexOf('=');
            String key = (eq < 0 ? p : p.substring(0, eq)).trim();
            if (!isToken(key)) return null;
            String val = null;
            if (eq >= 0) {
                val = unquote(p.substring(eq + 1).trim());
                if (val == null) return null;
            }
            if (params.containsKey(key)) repeated = true;
            params.put(key, val);
        }
        return new ExtensionOffer(name, params, repeated);
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"') {
            StringBuilder sb = new StringBuilder(v.length());
            for (int i = 1; i < v.length() - 1; i++) {
                char c = v.charAt(i);
                if (c == '\\' && i + 1 < v.length() - 1) c = v.charAt(++i);
                sb.append(c);
            }
            return sb.toString();
        }
        return isToken(v) ? v : null;
    }

    /** RFC 9110 token: visible ASCII except separators. */
    static boolean isToken(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7F || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) return false;
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name);
        parameters.forEach((k, v) -> {
            sb.append("; ").append(k);
            if (v != null) sb.append('=').append(isToken(v) ? v : '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"');
        });
        return sb.toString();
    }
}
