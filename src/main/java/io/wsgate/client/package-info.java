/**
 * wsgate's WebSocket client transport: a small non-blocking NIO layer that runs the same protocol engine
 * ({@link io.wsgate.engine.WebSocketConnection} in {@link io.wsgate.protocol.Role#CLIENT client role}) over a
 * {@link java.nio.channels.SocketChannel}, with TLS through an {@link javax.net.ssl.SSLEngine}, and the client's
 * opening handshake (RFC 6455 section 4.1).
 * <p>
 * {@link io.wsgate.client.ClientLoop} is one selector thread (which also keeps the timers) and a small pool of
 * callback threads, started with the first connection and ended when the last one closes; no thread waits on a
 * connection. {@link io.wsgate.client.ClientConnector} opens connections: TCP, TLS, the HTTP upgrade, then the
 * engine. {@link io.wsgate.client.ClientExtensions} is the one place where extensions the client implements are
 * offered and accepted.
 * <p>
 * Depends on {@code io.wsgate.engine} and {@code io.wsgate.protocol} only; the Jakarta client API is built on it in
 * {@code io.wsgate.jakarta.client}.
 */
package io.wsgate.client;
