package io.wsgate.jakarta.handshake;

import jakarta.websocket.Extension;

import java.util.ArrayList;
import java.util.List;

/** Parses Sec-WebSocket-Extensions offers (RFC 6455 section 9.1) into Extension values. */
public final class ExtensionHeader {

    record Parameter(String getName, String getValue) implements Extension.Parameter {}

    record Offer(String getName, List<Extension.Parameter> getParameters) implements Extension {}

    private ExtensionHeader() {}

    public static List<Extension> parse(List<String> headerValues) {
        List<Extension> offers = new ArrayList<>();
        if (headerValues == null) return offers;
        for (String header : headerValues) {
            for (String offer : split(header, ',')) {
                List<String> parts = split(offer, ';');
                if (parts.isEmpty() || parts.get(0).isBlank()) continue;
                List<Extension.Parameter> parameters = new ArrayList<>();
                for (String p : parts.subList(1, parts.size())) {
                    int eq = p.indexOf('=');
                    String name = (eq < 0 ? p : p.substring(0, eq)).trim();
                    String value = eq < 0 ? null : unquote(p.substring(eq + 1).trim());
                    if (!name.isEmpty()) parameters.add(new Parameter(name, value));
                }
                offers.add(new Offer(parts.get(0).trim(), List.copyOf(parameters)));
            }
        }
        return offers;
    }

    /** Splits on a separator outside double quotes. */
    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') quoted = !quoted;
            if (c == separator && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (!current.toString().isBlank()) parts.add(current.toString());
        return parts;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1).replace("\\\"", "\"");
        }
        return value;
    }
}
