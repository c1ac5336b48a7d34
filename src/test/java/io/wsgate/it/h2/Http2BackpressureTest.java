package io.wsgate.it.h2;

import io.wsgate.engine.WebSocketConnection;
import io.wsgate.engine.WebSocketPolicy;
import io.wsgate.engine.WebSocketSession;
import io.wsgate.engine.WholeMessageListener;
import io.wsgate.it.Deadline;
import io.wsgate.it.app.TestApp;
import io.wsgate.it.raw.FrameBuilder;
import io.wsgate.servlet.WebSocketRoute;
import io.wsgate.servlet.WebSocketRoutes;
import org.eclipse.jetty.http.HostPortHttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpScheme;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.frames.DataFrame;
import org.eclipse.jetty.http2.frames.HeadersFrame;
import org.eclipse.jetty.http2.frames.SettingsFrame;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A peer that floods an HTTP/2 WebSocket with messages and reads none of the echoes: HTTP/2 flow control stalls
 * wsgate's writes, its outbound queue fills up to {@code maxOutboundBytes}, and reading from the stream pauses
 * (so HTTP/2 flow control pushes back on the peer in turn) instead of queuing without bound. Once the peer reads,
 * reading resumes and every echo arrives, in order.
 */
class Http2BackpressureTest {

    static final int BOUND = 256 * 1024;
    static final int MESSAGE = 16 * 1024;
    static final int MESSAGES = 200; // 3.2 MiB each way: far more than the bound and the HTTP/2 windows

    @ParameterizedTest
    @EnumSource(H2JettyServer.Kind.class)
    void aPeerThatDoesNotReadPausesReadingAndStaysBounded(H2JettyServer.Kind kind) throws Exception {
        CompletableFuture<WebSocketConnection> serverSide = new CompletableFuture<>();
        AtomicLong maxQueued = new AtomicLong();
        try (H2JettyServer server = H2JettyServer.start(kind, context -> {
            TestApp.configure(context);
            WebSocketRoutes.of(context).add(new WebSocketRoute("/bounded", (request, subprotocol) -> new WholeMessageListener() {
                private WebSocketSession session;

                @Override
                public void onOpen(WebSocketSession s) {
                    session = s;
                    serverSide.complete((WebSocketConnection) s);
                }

                @Override
                protected void onBinary(ByteBuffer message) {
                    session.sendBinary(message, failure -> {});
                    maxQueued.accumulateAndGet(session.queuedBytes(), Math::max);
                }

                @Override
                protected void onText(String message) {}
            }).policy(new WebSocketPolicy().maxOutboundBytes(BOUND)));
        })) {
            ClientConnector connector = new ClientConnector();
            SslContextFactory.Client tls = new SslContextFactory.Client(true);
            tls.setEndpointIdentificationAlgorithm(null);
            connector.setSslContextFactory(tls);
            HTTP2Client client = new HTTP2Client(connector);
            client.setInitialStreamRecvWindow(64 * 1024);
            client.setInitialSessionRecvWindow(128 * 1024);
            client.start();
            try {
                CompletableFuture<Boolean> settings = new CompletableFuture<>();
                Session session = client.connect(tls, new InetSocketAddress("127.0.0.1", server.port()), new Session.Listener() {
                    @Override
                    public void onSettings(Session session, SettingsFrame frame) {
                        settings.complete(true);
                    }
                }).get(30, TimeUnit.SECONDS);
                settings.get(30, TimeUnit.SECONDS);
                HttpFields.Mutable fields = HttpFields.build().put("sec-websocket-version", "13").put("origin", server.origin());
                MetaData.ConnectRequest request = new MetaData.ConnectRequest(HttpScheme.HTTPS,
                        new HostPortHttpField(server.authority()), H2JettyServer.CONTEXT_PATH + "/bounded", fields, "websocket");
                CompletableFuture<Integer> status = new CompletableFuture<>();
                AtomicBoolean reading = new AtomicBoolean();
                LinkedBlockingQueue<byte[]> echoes = new LinkedBlockingQueue<>();
                FrameReader frames = new FrameReader(echoes);
                Stream stream = session.newStream(new HeadersFrame(request, null, false), new Stream.Listener() {
                    @Override
                    public void onHeaders(Stream stream, HeadersFrame frame) {
                        if (frame.getMetaData() instanceof MetaData.Response response) status.complete(response.getStatus());
                        stream.demand();
                    }

                    @Override
                    public void onDataAvailable(Stream stream) {
                        if (!reading.get()) return; // not read, not released: the window stays used up
                        drain(stream, frames);
                    }
                }).get(30, TimeUnit.SECONDS);
                assertEquals(200, status.get(30, TimeUnit.SECONDS));
                WebSocketConnection connection = serverSide.get(30, TimeUnit.SECONDS);

                ByteArrayOutputStream flood = new ByteArrayOutputStream();
                for (int i = 0; i < MESSAGES; i++) flood.write(FrameBuilder.binary(payload(i)).build());
                stream.data(new DataFrame(stream.getId(), ByteBuffer.wrap(flood.toByteArray()), false), Callback.NOOP);

                assertTrue(Deadline.await(Duration.ofSeconds(30), connection::isInputPaused), "reading never paused");
                long queued = connection.queuedBytes();
                assertTrue(queued >= BOUND / 2, "paused with only " + queued + " bytes queued");
                assertTrue(maxQueued.get() <= BOUND + 2L * (MESSAGE + 1024),
                        "queue grew to " + maxQueued.get() + " bytes, bound " + BOUND);

                System.out.printf("[h2-backpressure] %s: paused with %d bytes queued, at most %d (bound %d)%n", kind, queued, maxQueued.get(), BOUND);
                reading.set(true);
                drain(stream, frames);
                for (int i = 0; i < MESSAGES; i++) {
                    byte[] echo = echoes.poll(30, TimeUnit.SECONDS);
                    assertTrue(echo != null, "echo " + i + " never came");
                    assertEquals(ByteBuffer.wrap(payload(i)), ByteBuffer.wrap(echo), "echo " + i);
                }
                session.close(0, "done", Callback.NOOP);
            } finally {
                client.stop();
            }
        }
    }

    private static byte[] payload(int i) {
        byte[] bytes = new byte[MESSAGE];
        for (int j = 0; j < bytes.length; j++) bytes[j] = (byte) (i * 31 + j);
        return bytes;
    }

    /** Reads what the stream has, feeding the frame reader, and asks for more. */
    private static void drain(Stream stream, FrameReader frames) {
        while (true) {
            Stream.Data data = stream.readData();
            if (data == null) {
                stream.demand();
                return;
            }
            frames.feed(data.frame().getByteBuffer());
            data.release();
            if (data.frame().isEndStream()) return;
        }
    }

    /** The server's unmasked binary frames, whole, from bytes in any pieces. */
    private static final class FrameReader {
        private final LinkedBlockingQueue<byte[]> out;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        FrameReader(LinkedBlockingQueue<byte[]> out) {
            this.out = out;
        }

        synchronized void feed(ByteBuffer bytes) {
            byte[] chunk = new byte[bytes.remaining()];
            bytes.get(chunk);
            pending.writeBytes(chunk);
            byte[] all = pending.toByteArray();
            int at = 0;
            while (all.length - at >= 2) {
                int length = all[at + 1] & 0x7f;
                int header = 2;
                if (length == 126) {
                    if (all.length - at < 4) break;
                    length = ((all[at + 2] & 0xff) << 8) | (all[at + 3] & 0xff);
                    header = 4;
                } else if (length == 127) {
                    throw new AssertionError("no 64-bit lengths expected");
                }
                if (all.length - at < header + length) break;
                byte[] payload = new byte[length];
                System.arraycopy(all, at + header, payload, 0, length);
                out.add(payload);
                at += header + length;
            }
            pending.reset();
            pending.write(all, at, all.length - at);
        }
    }
}
