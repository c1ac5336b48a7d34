package io.wsgate.it.h2;

import org.eclipse.jetty.http.HostPortHttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpScheme;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.frames.HeadersFrame;
import org.eclipse.jetty.http2.frames.ResetFrame;
import org.eclipse.jetty.http2.frames.SettingsFrame;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/2 CONNECT stream with exactly the pseudo-headers and headers a test gives (an RFC 8441 handshake a real
 * client would never send, say), answering the response status. Waits for the server's SETTINGS first, as a client
 * must before it may use extended CONNECT.
 */
final class RawConnect {

    private RawConnect() {}

    /**
     * Opens a WebSocket CONNECT stream to {@code path}, waits for {@code handshakeEntered} (the server is inside the
     * handshake), resets the stream, then completes {@code resetDone}: the server's 200 can no longer be sent.
     */
    static void resetDuringHandshake(HTTP2Client client, H2JettyServer server, String path,
                                     CompletableFuture<Void> handshakeEntered, CompletableFuture<Void> resetDone) throws Exception {
        SslContextFactory.Client tls = client.getClientConnector().getSslContextFactory();
        CompletableFuture<Boolean> settings = new CompletableFuture<>();
        Session session = client.connect(tls, new InetSocketAddress("127.0.0.1", server.port()), new Session.Listener() {
            @Override
            public void onSettings(Session session, SettingsFrame frame) {
                settings.complete(true);
            }
        }).get(30, TimeUnit.SECONDS);
        try {
            settings.get(30, TimeUnit.SECONDS);
            HttpFields.Mutable fields = HttpFields.build().put("sec-websocket-version", "13").put("origin", server.origin());
            MetaData.ConnectRequest request = new MetaData.ConnectRequest(HttpScheme.HTTPS,
                    new HostPortHttpField(server.authority()), H2JettyServer.CONTEXT_PATH + path, fields, "websocket");
            Stream stream = session.newStream(new HeadersFrame(request, null, false), new Stream.Listener() {})
                    .get(30, TimeUnit.SECONDS);
            handshakeEntered.get(30, TimeUnit.SECONDS);
            CompletableFuture<Void> reset = new CompletableFuture<>();
            stream.reset(new ResetFrame(stream.getId(), org.eclipse.jetty.http2.ErrorCode.CANCEL_STREAM_ERROR.code),
                    Callback.from(() -> reset.complete(null), reset::completeExceptionally));
            reset.get(30, TimeUnit.SECONDS);
        } finally {
            resetDone.complete(null);
            session.close(0, "done", Callback.NOOP);
        }
    }

    /**
     * Opens a WebSocket tunnel to {@code path} (asserting the 200) and, once {@code serverOpened} (the endpoint's
     * onOpen), resets the stream, as a browser tab that is killed does: no close frame, no END_STREAM.
     */
    static void openThenReset(HTTP2Client client, H2JettyServer server, String path, CompletableFuture<Void> serverOpened)
            throws Exception {
        SslContextFactory.Client tls = client.getClientConnector().getSslContextFactory();
        CompletableFuture<Boolean> settings = new CompletableFuture<>();
        Session session = client.connect(tls, new InetSocketAddress("127.0.0.1", server.port()), new Session.Listener() {
            @Override
            public void onSettings(Session session, SettingsFrame frame) {
                settings.complete(true);
            }
        }).get(30, TimeUnit.SECONDS);
        try {
            settings.get(30, TimeUnit.SECONDS);
            HttpFields.Mutable fields = HttpFields.build().put("sec-websocket-version", "13").put("origin", server.origin());
            MetaData.ConnectRequest request = new MetaData.ConnectRequest(HttpScheme.HTTPS,
                    new HostPortHttpField(server.authority()), H2JettyServer.CONTEXT_PATH + path, fields, "websocket");
            CompletableFuture<Integer> status = new CompletableFuture<>();
            Stream stream = session.newStream(new HeadersFrame(request, null, false), new Stream.Listener() {
                @Override
                public void onHeaders(Stream stream, HeadersFrame frame) {
                    if (frame.getMetaData() instanceof MetaData.Response response) status.complete(response.getStatus());
                }
            }).get(30, TimeUnit.SECONDS);
            if (status.get(30, TimeUnit.SECONDS) != 200) throw new AssertionError("tunnel not opened: " + status.get());
            serverOpened.get(30, TimeUnit.SECONDS);
            CompletableFuture<Void> reset = new CompletableFuture<>();
            stream.reset(new ResetFrame(stream.getId(), org.eclipse.jetty.http2.ErrorCode.CANCEL_STREAM_ERROR.code),
                    Callback.from(() -> reset.complete(null), reset::completeExceptionally));
            reset.get(30, TimeUnit.SECONDS);
        } finally {
            session.close(0, "done", Callback.NOOP);
        }
    }

    /** The status answering a CONNECT to {@code path} with {@code :protocol} (null for none) and {@code headers}. */
    static int status(HTTP2Client client, H2JettyServer server, String path, String protocol, Map<String, String> headers)
            throws Exception {
        CompletableFuture<Boolean> settings = new CompletableFuture<>();
        SslContextFactory.Client tls = client.getClientConnector().getSslContextFactory(); // started with the client
        Session session = client.connect(tls, new InetSocketAddress("127.0.0.1", server.port()), new Session.Listener() {
            @Override
            public void onSettings(Session session, SettingsFrame frame) {
                Integer connect = frame.getSettings().get(SettingsFrame.ENABLE_CONNECT_PROTOCOL);
                settings.complete(connect != null && connect == 1);
            }
        }).get(30, TimeUnit.SECONDS);
        try {
            if (!settings.get(30, TimeUnit.SECONDS)) throw new AssertionError("the server does not offer extended CONNECT");
            HttpFields.Mutable fields = HttpFields.build();
            headers.forEach(fields::put);
            MetaData.ConnectRequest request = new MetaData.ConnectRequest(HttpScheme.HTTPS,
                    new HostPortHttpField(server.authority()), H2JettyServer.CONTEXT_PATH + path, fields, protocol);
            CompletableFuture<Integer> status = new CompletableFuture<>();
            session.newStream(new HeadersFrame(request, null, false), new Stream.Listener() {
                @Override
                public void onHeaders(Stream stream, HeadersFrame frame) {
                    if (frame.getMetaData() instanceof MetaData.Response response) status.complete(response.getStatus());
                }

                @Override
                public void onReset(Stream stream, ResetFrame frame, Callback callback) {
                    status.completeExceptionally(new AssertionError("stream reset, error " + frame.getError()));
                    callback.succeeded();
                }
            }).get(30, TimeUnit.SECONDS);
            return status.get(30, TimeUnit.SECONDS);
        } finally {
            session.close(0, "done", Callback.NOOP);
        }
    }
}
