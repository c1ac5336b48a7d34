package io.wsgate.bench.server;

import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one endpoint every server variant serves, in plain portable Jakarta WebSocket code.
 *
 * <p>Text echoes as the same text, binary as the same bytes (returned values go out through the basic remote, which
 * every implementation supports without limits on messages in flight). A text message {@code broadcast:<payload>}
 * is not echoed: {@code <payload>} goes to every open session instead, through the async remote so one slow client
 * does not hold up the rest.
 *
 * <p>{@code maxMessageSize} is raised to 2 MiB so the 1 MiB echo scenario fits on every implementation (their
 * defaults are 8-64 KiB); it is set per message handler, not as a container default, so idle sessions keep their
 * default buffers.
 */
@ServerEndpoint("/echo")
public class EchoEndpoint {

    static final String BROADCAST_PREFIX = "broadcast:";
    static final String BURST_PREFIX = "burst:";
    static final long MAX_MESSAGE_SIZE = 2L * 1024 * 1024;

    /** Sessions currently open here, for the heap probe: proves the server really holds the idle connections. */
    static final AtomicInteger OPEN_SESSIONS = new AtomicInteger();

    @OnOpen
    public void open(Session session) {
        OPEN_SESSIONS.incrementAndGet();
    }

    @OnMessage(maxMessageSize = MAX_MESSAGE_SIZE)
    public String text(String message, Session session) {
        if (message.startsWith(BROADCAST_PREFIX)) {
            broadcast(session, message.substring(BROADCAST_PREFIX.length()));
            return null;
        }
        if (message.startsWith(BURST_PREFIX)) {
            burst(session, message.substring(BURST_PREFIX.length()));
            return null;
        }
        return message;
    }

    @OnMessage(maxMessageSize = MAX_MESSAGE_SIZE)
    public ByteBuffer binary(ByteBuffer message) {
        return message;
    }

    @OnClose
    public void close(Session session) {
        OPEN_SESSIONS.decrementAndGet();
    }

    @OnError
    public void error(Session session, Throwable failure) {
        // Clients of the idle and broadcast scenarios vanish without a close handshake when a run ends; that is
        // expected and not worth a stack trace per connection. Anything else the load generator counts itself.
    }

    /**
     * "count:size:batched": count text messages of size bytes through the basic remote (Tomcat's own async remote
     * refuses a send while the previous one is in progress), batched or not; the burst scenario counts the
     * server's writes per message.
     */
    private static void burst(Session session, String command) {
        String[] args = command.split(":");
        int count = Integer.parseInt(args[0]);
        String payload = "x".repeat(Integer.parseInt(args[1]));
        boolean batched = Boolean.parseBoolean(args[2]);
        try {
            if (batched) session.getBasicRemote().setBatchingAllowed(true);
            for (int i = 0; i < count; i++) session.getBasicRemote().sendText(payload);
            if (batched) {
                session.getBasicRemote().flushBatch();
                session.getBasicRemote().setBatchingAllowed(false);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void broadcast(Session sender, String payload) {
        for (Session session : sender.getOpenSessions()) {
            if (session.isOpen()) {
                session.getAsyncRemote().sendText(payload, result -> { });
            }
        }
    }
}
