package io.wsgate.it.clients;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.annotations.OnWebSocketClose;
import org.eclipse.jetty.websocket.api.annotations.OnWebSocketError;
import org.eclipse.jetty.websocket.api.annotations.OnWebSocketMessage;
import org.eclipse.jetty.websocket.api.annotations.OnWebSocketPong;
import org.eclipse.jetty.websocket.api.annotations.WebSocket;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/** Connects with Jetty's WebSocket client, collecting whole messages into an {@link Inbox}. */
public final class JettyClient implements AutoCloseable {

    private final WebSocketClient client = new WebSocketClient();

    public record Connection(Session session, Inbox inbox) {}

    public JettyClient() throws Exception {
        // Room for the 16 MiB messages the echo tests send back and forth.
        client.setMaxTextMessageSize(32L * 1024 * 1024);
        client.setMaxBinaryMessageSize(32L * 1024 * 1024);
        client.start();
    }

    public Connection connect(URI uri, String... subprotocols) throws Exception {
        Inbox inbox = new Inbox();
        ClientUpgradeRequest request = new ClientUpgradeRequest();
        if (subprotocols.length > 0) request.setSubProtocols(subprotocols);
        Session session = client.connect(new Collector(inbox), uri, request).get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
        return new Connection(session, inbox);
    }

    /** Connects offering these extensions (e.g. {@code permessage-deflate; client_no_context_takeover}). */
    public Connection connectOffering(URI uri, String... extensions) throws Exception {
        Inbox inbox = new Inbox();
        ClientUpgradeRequest request = new ClientUpgradeRequest();
        for (String e : extensions) request.addExtensions(e);
        Session session = client.connect(new Collector(inbox), uri, request).get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
        return new Connection(session, inbox);
    }

    @Override
    public void close() throws Exception {
        client.stop();
    }

    @WebSocket
    public static final class Collector {

        private final Inbox inbox;

        public Collector(Inbox inbox) {
            this.inbox = inbox;
        }

        @OnWebSocketMessage
        public void onText(String text) {
            inbox.message(Received.text(text));
        }

        @OnWebSocketMessage
        public void onBinary(ByteBuffer data, Callback callback) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            inbox.message(Received.binary(bytes));
            callback.succeed();
        }

        @OnWebSocketPong
        public void onPong(ByteBuffer payload) {
            byte[] bytes = new byte[payload.remaining()];
            payload.get(bytes);
            inbox.pong(bytes);
        }

        @OnWebSocketClose
        public void onClose(int code, String reason) {
            inbox.closed(code, reason);
        }

        @OnWebSocketError
        public void onError(Throwable cause) {
            inbox.error(cause);
        }
    }
}
