package io.wsgate.it.clients;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Connects with the JDK's {@code java.net.http.WebSocket}, collecting whole messages into an {@link Inbox}. */
public final class JdkClient {

    private JdkClient() {}

    public record Connection(WebSocket webSocket, Inbox inbox) {}

    public static Connection connect(HttpClient client, URI uri, String... subprotocols) throws Exception {
        Inbox inbox = new Inbox();
        WebSocket.Builder builder = client.newWebSocketBuilder();
        if (subprotocols.length > 0) {
            String[] rest = new String[subprotocols.length - 1];
            System.arraycopy(subprotocols, 1, rest, 0, rest.length);
            builder.subprotocols(subprotocols[0], rest);
        }
        WebSocket webSocket = builder.buildAsync(uri, new Collector(inbox)).get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
        return new Connection(webSocket, inbox);
    }

    /** Connects through a builder the caller prepared (extra headers such as a session cookie). */
    public static Connection connect(WebSocket.Builder builder, URI uri) throws Exception {
        Inbox inbox = new Inbox();
        WebSocket webSocket = builder.buildAsync(uri, new Collector(inbox)).get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
        return new Connection(webSocket, inbox);
    }

    /** Assembles the parts the JDK delivers into whole messages, asking for one part at a time. */
    private static final class Collector implements WebSocket.Listener {

        private final Inbox inbox;
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        Collector(Inbox inbox) {
            this.inbox = inbox;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                inbox.message(Received.text(text.toString()));
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                inbox.message(Received.binary(binary.toByteArray()));
                binary.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            byte[] bytes = new byte[message.remaining()];
            message.get(bytes);
            inbox.pong(bytes);
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            inbox.closed(statusCode, reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            inbox.error(error);
        }
    }
}
