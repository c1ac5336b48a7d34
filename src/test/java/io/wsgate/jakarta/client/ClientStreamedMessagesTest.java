package io.wsgate.jakarta.client;

import io.wsgate.protocol.HandshakeKeys;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Streamed messages on the client: more sessions of one client container than it has callback threads each get a
 * binary message whose first fragment arrives long before the rest. Their InputStream handlers all wait for data
 * at once, and the reads that bring it still run. Against a raw server socket: no container needed.
 */
@Timeout(120)
class ClientStreamedMessagesTest {

    private static final int SESSIONS = 12;  // more than the client's 8 callback threads
    private static final long WAIT = 30;

    /** Sends each connection "abc" as a first fragment, and "de" to finish it once {@link #rest} opens. */
    private static final class FragmentingServer implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final CountDownLatch rest = new CountDownLatch(1);
        final List<Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();

        FragmentingServer() throws IOException {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        Socket s = socket.accept();
                        accepted.add(s);
                        Thread t = new Thread(() -> serve(s), "raw-server");
                        t.setDaemon(true);
                        t.start();
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            }, "raw-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void serve(Socket s) {
            try {
                InputStream in = s.getInputStream();
                StringBuilder request = new StringBuilder();
                while (!request.toString().endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) return;
                    request.append((char) b);
                }
                Matcher key = Pattern.compile("(?i)sec-websocket-key:\\s*(\\S+)").matcher(request);
                if (!key.find()) return;
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + HandshakeKeys.accept(key.group(1)) + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.write(new byte[] {0x02, 3, 'a', 'b', 'c'});            // binary, not final
                out.flush();
                rest.await(WAIT * 2, TimeUnit.SECONDS);
                out.write(new byte[] {(byte) 0x80, 2, 'd', 'e'});          // continuation, final
                out.flush();
                while (in.read() >= 0) { /* until the client closes */ }
            } catch (IOException | InterruptedException e) {
                // the connection or the test ended
            }
        }

        URI uri() {
            return URI.create("ws://127.0.0.1:" + socket.getLocalPort() + "/s");
        }

        @Override
        public void close() throws IOException {
            rest.countDown();
            socket.close();
            for (Socket s : accepted) s.close();
        }
    }

    public static final class Reading extends Endpoint {
        final BlockingQueue<String> events;
        Reading(BlockingQueue<String> events) { this.events = events; }

        @Override public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(InputStream.class, in -> {
                events.add("started on " + Thread.currentThread().getName());
                try {
                    events.add("read " + new String(in.readAllBytes(), StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    events.add("failed " + e);
                }
            });
        }
    }

    /**
     * Defect: the client ran reads and stream handlers on its 8 callback threads; 8 handlers waiting for the rest
     * of their messages held them all, and the reads that would bring it waited behind them for ever.
     */
    @Test
    void moreStreamingSessionsThanCallbackThreadsAllGetTheirMessages() throws Exception {
        WsgateClientContainer client = new WsgateClientContainer();
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        List<Session> sessions = new ArrayList<>();
        try (FragmentingServer server = new FragmentingServer()) {
            for (int i = 0; i < SESSIONS; i++) {
                sessions.add(client.connectToServer(new Reading(events), ClientEndpointConfig.Builder.create().build(),
                        server.uri()));
            }
            List<String> started = new ArrayList<>();
            // On the old code only 8 handlers start (the others wait for a thread): wait for those at least.
            while (started.size() < 8) {
                String e = events.poll(WAIT, TimeUnit.SECONDS);
                assertNotNull(e, "handlers started: " + started);
                started.add(e);
            }
            server.rest.countDown();
            int read = 0;
            while (read < SESSIONS) {
                String e = events.poll(WAIT, TimeUnit.SECONDS);
                assertNotNull(e, read + " of " + SESSIONS + " messages read; started: " + started);
                if (e.startsWith("started")) {
                    started.add(e);
                } else {
                    assertEquals("read abcde", e);
                    read++;
                }
            }
            assertEquals(SESSIONS, started.size());
            assertTrue(started.stream().allMatch(s -> s.contains("-stream-")), "on stream threads: " + started);
            for (Session s : sessions) s.close();
        } finally {
            client.shutdown(Duration.ofSeconds(5));
        }
    }
}
