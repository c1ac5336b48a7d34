package io.wsgate.client;

import io.wsgate.protocol.HandshakeKeys;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client's opening handshake in memory: the request it builds and the answers it accepts (RFC 6455 4.1). */
class ClientHandshakeTest {

    private static String request(URI uri, List<String> protocols) {
        Map<String, List<String>> headers = ClientHandshake.requestHeaders(uri, "dGhlIHNhbXBsZSBub25jZQ==", protocols, List.of());
        return StandardCharsets.ISO_8859_1.decode(ClientHandshake.requestBytes(uri, headers)).toString();
    }

    @Test
    void theRequestHasWhatRfc6455Asks() {
        String r = request(URI.create("ws://example.com:8080/chat?room=a%20b"), List.of("a", "b"));
        assertTrue(r.startsWith("GET /chat?room=a%20b HTTP/1.1\r\n"), r);
        assertTrue(r.contains("\r\nHost: example.com:8080\r\n"), r);
        assertTrue(r.contains("\r\nUpgrade: websocket\r\n"), r);
        assertTrue(r.contains("\r\nConnection: Upgrade\r\n"), r);
        assertTrue(r.contains("\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"), r);
        assertTrue(r.contains("\r\nSec-WebSocket-Version: 13\r\n"), r);
        assertTrue(r.contains("\r\nSec-WebSocket-Protocol: a, b\r\n"), r);
        assertTrue(r.endsWith("\r\n\r\n"), r);
    }

    @Test
    void defaultPortsAreLeftOutOfHostAndIpv6IsBracketed() {
        assertEquals("example.com", ClientHandshake.hostHeader(URI.create("ws://example.com:80/")));
        assertEquals("example.com", ClientHandshake.hostHeader(URI.create("wss://example.com/")));
        assertEquals("example.com:443", ClientHandshake.hostHeader(URI.create("ws://example.com:443/")));
        assertEquals("[::1]:9000", ClientHandshake.hostHeader(URI.create("ws://[::1]:9000/")));
        assertTrue(request(URI.create("ws://example.com"), List.of()).startsWith("GET / HTTP/1.1\r\n"));
    }

    @Test
    void aHeaderThatWouldSplitTheRequestIsRefused() {
        URI uri = URI.create("ws://example.com/");
        Map<String, List<String>> headers = ClientHandshake.requestHeaders(uri, ClientHandshake.newKey(), List.of(), List.of());
        headers.put("X-Evil", List.of("a\r\nInjected: yes"));
        assertThrows(IllegalArgumentException.class, () -> ClientHandshake.requestBytes(uri, headers));
    }

    @Test
    void keysAreFreshAndValid() {
        String a = ClientHandshake.newKey();
        String b = ClientHandshake.newKey();
        assertTrue(HandshakeKeys.isValidKey(a) && HandshakeKeys.isValidKey(b));
        assertNotEquals(a, b);
    }

    @Test
    void theRfcsSampleAnswerIsAccepted() throws Exception {
        String head = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: WebSocket\r\nConnection: keep-alive, Upgrade\r\n"
                + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: chat\r\n\r\n";
        ClientHandshake.Result r = ClientHandshake.validate(ClientHandshake.parse(head.getBytes(StandardCharsets.ISO_8859_1)),
                "dGhlIHNhbXBsZSBub25jZQ==", List.of("superchat", "chat"), List.of());
        assertEquals("chat", r.subprotocol());
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", r.response().header("sec-websocket-accept"));
    }

    @Test
    void noSubprotocolInTheAnswerMeansNone() throws Exception {
        String head = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";
        assertNull(ClientHandshake.validate(ClientHandshake.parse(head.getBytes(StandardCharsets.ISO_8859_1)),
                "dGhlIHNhbXBsZSBub25jZQ==", List.of("chat"), List.of()).subprotocol());
    }

    @Test
    void anAnswerWithoutAnEndWithin16KiBIsRefused() {
        ByteBuffer b = ByteBuffer.wrap(("HTTP/1.1 101 OK\r\nX: " + "y".repeat(20_000)).getBytes(StandardCharsets.ISO_8859_1));
        assertThrows(HandshakeFailedException.class, () -> ClientHandshake.headEnd(b));
    }
}
