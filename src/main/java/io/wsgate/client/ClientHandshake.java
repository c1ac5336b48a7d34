package io.wsgate.client;

import io.wsgate.protocol.ExtensionOffer;
import io.wsgate.protocol.HandshakeKeys;
import io.wsgate.protocol.HeaderTokens;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The client's side of the opening handshake (RFC 6455 section 4.1): the request's headers, built first so the
 * application may change them (a Jakarta configurator's {@code beforeRequest}), the request's bytes, and the
 * checks of the server's answer: status 101, {@code Upgrade: websocket}, {@code Connection: Upgrade}, the
 * {@code Sec-WebSocket-Accept} that matches our key, and a subprotocol and extensions among those offered.
 */
public final class ClientHandshake {

    /** The most a response head may take; a server sending more is not answering a WebSocket handshake. */
    static final int MAX_RESPONSE_HEAD = 16 * 1024;

    private ClientHandshake() {}

    /** The server's answer, its headers keyed case-insensitively. */
    public record Response(int status, String statusLine, Map<String, List<String>> headers) {
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** What the handshake agreed. */
    public record Result(Response response, String subprotocol, List<ExtensionOffer> extensions) {}

    /** A fresh Sec-WebSocket-Key: base64 of 16 random bytes. */
    public static String newKey() {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /**
     * The request headers in the order they are sent, keyed case-insensitively: Host, Upgrade, Connection, the
     * key, the version, and the subprotocols and extensions offered (when any).
     */
    public static Map<String, List<String>> requestHeaders(URI uri, String key, List<String> subprotocols,
                                                           List<ExtensionOffer> extensions) {
        Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.put("Host", new ArrayList<>(List.of(hostHeader(uri))));
        h.put("Upgrade", new ArrayList<>(List.of("websocket")));
        h.put("Connection", new ArrayList<>(List.of("Upgrade")));
        h.put("Sec-WebSocket-Key", new ArrayList<>(List.of(key)));
        h.put("Sec-WebSocket-Version", new ArrayList<>(List.of("13")));
        if (!subprotocols.isEmpty()) h.put("Sec-WebSocket-Protocol", new ArrayList<>(List.of(String.join(", ", subprotocols))));
        String ext = ClientExtensions.header(extensions);
        if (ext != null) h.put("Sec-WebSocket-Extensions", new ArrayList<>(List.of(ext)));
        return h;
    }

    static String hostHeader(URI uri) {
        String host = uri.getHost();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) host = "[" + host + "]";
        int port = uri.getPort();
        boolean secure = "wss".equalsIgnoreCase(uri.getScheme());
        if (port == -1 || port == (secure ? 443 : 80)) return host;
        return host + ":" + port;
    }

    /** The request line and headers, ready to write. */
    public static ByteBuffer requestBytes(URI uri, Map<String, List<String>> headers) {
        String target = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) target += "?" + uri.getRawQuery();
        StringBuilder b = new StringBuilder(256).append("GET ").append(target).append(" HTTP/1.1\r\n");
        headers.forEach((name, values) -> {
            if (values == null) return;
            for (String v : values) {
                checkHeader(name, v);
                b.append(name).append(": ").append(v).append("\r\n");
            }
        });
        b.append("\r\n");
        return ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void checkHeader(String name, String value) {
        if (name.isEmpty() || name.chars().anyMatch(c -> c <= ' ' || c == ':' || c > 126)
                || value == null || value.chars().anyMatch(c -> c == '\r' || c == '\n')) {
            throw new IllegalArgumentException("invalid request header '" + name + ": " + value + "'");
        }
    }

    /**
     * The end of the response head in {@code buffer} (read mode, from position 0), or -1 if it has not all arrived.
     * Throws once the head is larger than any WebSocket handshake needs.
     */
    static int headEnd(ByteBuffer buffer) throws HandshakeFailedException {
        int limit = buffer.limit();
        for (int i = 3; i < limit; i++) {
            if (buffer.get(i) == '\n' && buffer.get(i - 1) == '\r' && buffer.get(i - 2) == '\n' && buffer.get(i - 3) == '\r') {
                return i + 1;
            }
        }
        if (limit >= MAX_RESPONSE_HEAD) {
            throw new HandshakeFailedException(-1, "the server's answer has no end of headers within "
                    + MAX_RESPONSE_HEAD + " bytes: not a WebSocket handshake response");
        }
        return -1;
    }

    /** Parses a response head (status line and headers). */
    public static Response parse(byte[] head) throws HandshakeFailedException {
        String text = new String(head, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r\n");
        String statusLine = lines[0];
        int status;
        String[] parts = statusLine.split(" ", 3);
        try {
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) throw new NumberFormatException();
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new HandshakeFailedException(-1, "the server's answer is not HTTP: '" + printable(statusLine) + "'");
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) continue;
            int colon = line.indexOf(':');
            if (colon <= 0) throw new HandshakeFailedException(status, "malformed response header '" + printable(line) + "'");
            headers.computeIfAbsent(line.substring(0, colon).trim(), k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
        }
        return new Response(status, statusLine, headers);
    }

    private static String printable(String s) {
        String t = s.length() > 200 ? s.substring(0, 200) + "..." : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** Checks the response against what the request sent; returns what was agreed. */
    public static Result validate(Response r, String key, List<String> offeredSubprotocols,
                                  List<ExtensionOffer> offeredExtensions) throws HandshakeFailedException {
        if (r.status() != 101) {
            throw new HandshakeFailedException(r.status(), "the server refused the WebSocket handshake: '"
                    + printable(r.statusLine()) + "' (expected 101 Switching Protocols)");
        }
        List<String> upgrade = r.headers().getOrDefault("Upgrade", List.of());
        if (upgrade.size() != 1 || !upgrade.get(0).equalsIgnoreCase("websocket")) {
            throw new HandshakeFailedException(101, "the server's 101 response has " + (upgrade.isEmpty()
                    ? "no Upgrade header" : "Upgrade: " + upgrade) + " (expected Upgrade: websocket)");
        }
        if (!HeaderTokens.contains(r.headers().getOrDefault("Connection", List.of()), "upgrade")) {
            throw new HandshakeFailedException(101, "the server's 101 response has " + (r.headers().containsKey("Connection")
                    ? "Connection: " + r.headers().get("Connection") : "no Connection header") + " (expected Connection: Upgrade)");
        }
        List<String> accept = r.headers().getOrDefault("Sec-WebSocket-Accept", List.of());
        String expected = HandshakeKeys.accept(key);
        if (accept.size() != 1 || !accept.get(0).equals(expected)) {
            throw new HandshakeFailedException(101, "the server's Sec-WebSocket-Accept " + (accept.isEmpty() ? "is missing"
                    : accept + " is wrong") + " (expected " + expected + " for the key sent)");
        }
        List<String> protocols = HeaderTokens.list(r.headers().getOrDefault("Sec-WebSocket-Protocol", List.of()));
        String subprotocol = null;
        if (protocols.size() > 1) {
            throw new HandshakeFailedException(101, "the server chose more than one subprotocol: " + protocols);
        }
        if (protocols.size() == 1) {
            subprotocol = protocols.get(0);
            if (!offeredSubprotocols.contains(subprotocol)) {
                throw new HandshakeFailedException(101, "the server chose the subprotocol '" + subprotocol
                        + "', which was not offered (offered: " + offeredSubprotocols + ")");
            }
        }
        List<ExtensionOffer> extensions = ClientExtensions.check(offeredExtensions,
                ExtensionOffer.parse(r.headers().getOrDefault("Sec-WebSocket-Extensions", List.of())));
        return new Result(r, subprotocol, extensions);
    }
}
