package io.wsgate.client;

import io.wsgate.engine.Transport;
import io.wsgate.engine.WebSocketConnection;
import io.wsgate.protocol.ExtensionOffer;

import javax.net.ssl.SSLEngine;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Opens client connections on a {@link ClientLoop}: TCP, TLS for {@code wss}, the opening handshake, then the
 * engine in client role, which {@link Opening} creates once the server's answer has been checked.
 */
public final class ClientConnector {

    private final ClientLoop loop;

    public ClientConnector(ClientLoop loop) {
        this.loop = loop;
    }

    /**
     * One connection to open. {@code headers} is what is sent (see {@link ClientHandshake#requestHeaders}, perhaps
     * changed by the application); {@code key}, {@code subprotocols} and {@code extensions} are what the answer is
     * checked against. {@code tls} makes a client-mode SSLEngine for {@code wss}, null for {@code ws}.
     */
    public record Request(URI uri, String host, int port, Map<String, List<String>> headers, String key,
                          List<String> subprotocols, List<ExtensionOffer> extensions, Supplier<SSLEngine> tls,
                          Duration connectTimeout) {}

    /** Creates the engine's connection for an accepted handshake; may throw to refuse it. */
    @FunctionalInterface
    public interface Opening {
        WebSocketConnection open(ClientHandshake.Result handshake, Transport transport, boolean secure) throws Exception;
    }

    /**
     * Connects; the future completes with the started connection (the listener's onOpen has run), or fails with
     * the cause: an IOException for TCP or TLS, a {@link java.net.SocketTimeoutException} after the connect
     * timeout, a {@link HandshakeFailedException} for an unacceptable answer, or what {@code opening} threw. A
     * failed attempt leaves no channel open.
     */
    public CompletableFuture<WebSocketConnection> connect(Request request, Opening opening) {
        return new ClientConnection(loop, request, opening).start();
    }

    public ClientLoop loop() {
        return loop;
    }
}
