package io.wsgate.it.jakarta;

import jakarta.websocket.CloseReason;
import jakarta.websocket.EncodeException;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Endpoints driven by text commands for {@link SessionApiTest} and {@link RemoteEndpointTest}. */
final class SessionEndpoints {

    private SessionEndpoints() {}

    static final Class<?>[] ALL = {Commands.class, Counted.class, Flood.class, Parameters.class};

    /** What {@code session.isOpen()} returned right after {@code close(CloseReason)}. */
    static final BlockingQueue<Boolean> OPEN_AFTER_CLOSE = new LinkedBlockingQueue<>();

    /** Answers "ready" on open so a client knows onOpen ran; its sessions are counted by getOpenSessions. */
    @ServerEndpoint("/counted")
    public static final class Counted {
        @OnOpen
        public void open(Session session) throws IOException { session.getBasicRemote().sendText("ready"); }

        @OnMessage
        public String message(Session session, String text) { return "open=" + session.getOpenSessions().size(); }
    }

    /**
     * Reports, on open, the parameter map its configurator's modifyHandshake saw (sorted), the path parameters in
     * the order the session gives them, and the session's request parameter map (sorted).
     */
    @ServerEndpoint(value = "/order/{z}/{room}/{user}/{a}/{m}", configurator = ParameterRecorder.class)
    public static final class Parameters {
        @OnOpen
        public void open(Session session, jakarta.websocket.EndpointConfig config) throws IOException {
            session.getBasicRemote().sendText("handshake=" + config.getUserProperties().get("handshake-params")
                    + " path=" + session.getPathParameters()
                    + " session=" + new TreeMap<>(session.getRequestParameterMap()));
        }
    }

    public static class ParameterRecorder extends jakarta.websocket.server.ServerEndpointConfig.Configurator {
        @Override
        public void modifyHandshake(jakarta.websocket.server.ServerEndpointConfig sec,
                                    jakarta.websocket.server.HandshakeRequest request,
                                    jakarta.websocket.HandshakeResponse response) {
            sec.getUserProperties().put("handshake-params", String.valueOf(new TreeMap<>(request.getParameterMap())));
        }
    }

    @ServerEndpoint(value = "/commands/{name}", encoders = Point.TextEncoder.class)
    public static final class Commands {
        @OnOpen
        public void open(Session session) {
            session.getUserProperties().put("opened", "yes");
        }

        @OnMessage
        public void message(Session session, String command) throws IOException, EncodeException, InterruptedException {
            String[] args = command.split(":");
            switch (args[0]) {
                case "describe" -> session.getBasicRemote().sendText("props=" + new TreeMap<>(session.getUserProperties())
                        + " path=" + session.getPathParameters() + " uri=" + session.getRequestURI()
                        + " query=" + session.getQueryString() + " params=" + new TreeMap<>(session.getRequestParameterMap())
                        + " id=" + (session.getId() != null && !session.getId().isEmpty()) + " open=" + session.isOpen());
                case "idle" -> {
                    session.setMaxIdleTimeout(Long.parseLong(args[1]));
                    session.getBasicRemote().sendText("idle=" + session.getMaxIdleTimeout());
                }
                case "buffer" -> {
                    session.setMaxTextMessageBufferSize(Integer.parseInt(args[1]));
                    session.getBasicRemote().sendText("buffer=" + session.getMaxTextMessageBufferSize());
                }
                case "close" -> {
                    session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(Integer.parseInt(args[1])), args[2]));
                    OPEN_AFTER_CLOSE.add(session.isOpen());
                }
                case "basic" -> basicSends(session);
                // Waited for on a thread of its own: waiting on a send's Future inside @OnMessage can stall on
                // Tomcat until the Future's timeout (see RemoteEndpointTest), which is not what this checks.
                case "async" -> new Thread(() -> {
                    try {
                        asyncSends(session);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }, "async-sender").start();
                case "threads" -> concurrentSends(session, Integer.parseInt(args[1]), Integer.parseInt(args[2]));
                default -> session.getBasicRemote().sendText("echo:" + command);
            }
        }

        @OnMessage
        public void pong(Session session, PongMessage pong) throws IOException {
            session.getBasicRemote().sendText("pong:" + StandardCharsets.UTF_8.decode(pong.getApplicationData()));
        }

        private static void basicSends(Session session) throws IOException, EncodeException {
            var remote = session.getBasicRemote();
            remote.sendText("whole");
            remote.sendText("par", false);
            remote.sendText("tial", true);
            remote.sendBinary(ByteBuffer.wrap(new byte[]{1, 2}));
            remote.sendBinary(ByteBuffer.wrap(new byte[]{3}), false);
            remote.sendBinary(ByteBuffer.wrap(new byte[]{4}), true);
            remote.sendObject(new Point(5, 6));
            try (OutputStream out = remote.getSendStream()) {
                out.write(new byte[]{7, 8});
                out.write(9);
            }
            try (Writer out = remote.getSendWriter()) {
                out.write("wri");
                out.write("ter");
            }
            remote.sendPing(ByteBuffer.wrap("ping!".getBytes(StandardCharsets.UTF_8)));
        }

        private static void asyncSends(Session session) throws IOException {
            var async = session.getAsyncRemote();
            String futureOutcome;
            try {
                futureOutcome = async.sendText("by future").get(20, TimeUnit.SECONDS) == null ? "null" : "value";
            } catch (Exception e) {
                futureOutcome = "failed:" + e;
            }
            CompletableFuture<SendResult> result = new CompletableFuture<>();
            async.sendBinary(ByteBuffer.wrap(new byte[]{42}), result::complete);
            try {
                SendResult r = result.get(20, TimeUnit.SECONDS);
                session.getBasicRemote().sendText("future=" + futureOutcome + " handler=" + r.isOK());
            } catch (Exception e) {
                session.getBasicRemote().sendText("handler failed: " + e);
            }
        }

        /** {@code threads} threads each send {@code count} messages "t-i-" + padding through the Basic remote. */
        private static void concurrentSends(Session session, int threads, int count) {
            CountDownLatch start = new CountDownLatch(1);
            AtomicInteger failures = new AtomicInteger();
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Thread sender = new Thread(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < count; i++) {
                            String head = thread + "-" + i + "-";
                            session.getBasicRemote().sendText(head + String.valueOf((char) ('a' + thread)).repeat(1000 + thread * 100));
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                });
                sender.start();
                senders.add(sender);
            }
            start.countDown();
            // Joined on a thread of its own: waiting inside @OnMessage for other threads' blocking sends stalls on
            // Tomcat until the blocking send timeout (no write event reaches a connection whose thread is inside
            // onDataAvailable), as RemoteEndpointTest explains.
            new Thread(() -> {
                try {
                    for (Thread sender : senders) sender.join();
                    session.getBasicRemote().sendText("threads done, failures=" + failures.get());
                } catch (InterruptedException | IOException e) {
                    throw new IllegalStateException(e);
                }
            }, "joiner").start();
        }
    }

    /**
     * Sends {@code count} binary messages of {@code size} bytes with blocking sends from inside @OnMessage, then
     * "flood done"; records how many sends returned so far in {@link #SENT}.
     */
    @ServerEndpoint("/flood")
    public static final class Flood {
        static final AtomicInteger SENT = new AtomicInteger();
        static volatile java.util.concurrent.CompletableFuture<IOException> REFUSED = new java.util.concurrent.CompletableFuture<>();

        /** "count:size": sends that many binary messages of that size, each starting with its index, then "flood done". */
        @OnMessage
        public void message(Session session, String command) {
            String[] args = command.split(":");
            int count = Integer.parseInt(args[0]);
            int size = Integer.parseInt(args[1]);
            try {
                for (int i = 0; i < count; i++) {
                    ByteBuffer data = ByteBuffer.allocate(size);
                    data.putInt(0, i);
                    session.getBasicRemote().sendBinary(data);
                    SENT.incrementAndGet();
                }
                session.getBasicRemote().sendText("flood done");
            } catch (IOException e) {
                REFUSED.complete(e);
            }
        }
    }
}
