package io.wsgate.it.raw;

import io.wsgate.it.TestServer;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An HTTP request written byte for byte, starting as a valid WebSocket opening handshake that a test then breaks
 * in one place (method, version, a header...). Header names keep the case and order given.
 */
public final class HandshakeRequest {

    private String method = "GET";
    private String target;
    private String version = "HTTP/1.1";
    private final List<Map.Entry<String, String>> headers = new ArrayList<>();
    private byte[] body = new byte[0];

    private HandshakeRequest(String target) {
        this.target = target;
    }

    /** A valid handshake for {@code path} within the server's application, with a fresh random key. */
    public static HandshakeRequest to(TestServer server, String path) {
        return new HandshakeRequest(server.target(path))
                .add("Host", server.authority())
                .add("Upgrade", "websocket")
                .add("Connection", "Upgrade")
                .add("Sec-WebSocket-Key", randomKey())
                .add("Sec-WebSocket-Version", "13");
    }

    /** A plain request with only a Host header. */
    public static HandshakeRequest plain(TestServer server, String path) {
        return new HandshakeRequest(server.target(path)).add("Host", server.authority());
    }

    public static String randomKey() {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    public HandshakeRequest method(String method) { this.method = method; return this; }

    public HandshakeRequest target(String target) { this.target = target; return this; }

    public HandshakeRequest version(String version) { this.version = version; return this; }

    /** Adds a header line, keeping any others of that name. */
    public HandshakeRequest add(String name, String value) {
        headers.add(new AbstractMap.SimpleImmutableEntry<>(name, value));
        return this;
    }

    /** Replaces every header of that name (compared case-insensitively) with one line. */
    public HandshakeRequest set(String name, String value) {
        return remove(name).add(name, value);
    }

    public HandshakeRequest remove(String name) {
        headers.removeIf(h -> h.getKey().equalsIgnoreCase(name));
        return this;
    }

    /** A body, sent with its Content-Length. */
    public HandshakeRequest body(byte[] body) {
        this.body = body.clone();
        return set("Content-Length", Integer.toString(body.length));
    }

    public String header(String name) {
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) return h.getValue();
        }
        return null;
    }

    public byte[] bytes() {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(' ').append(version).append("\r\n");
        for (Map.Entry<String, String> h : headers) head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    @Override
    public String toString() {
        return new String(bytes(), StandardCharsets.ISO_8859_1);
    }
}
