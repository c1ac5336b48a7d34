package io.wsgate.it.jakarta;

import io.wsgate.it.ContainerKind;
import io.wsgate.it.ServerPerKind;
import io.wsgate.it.TestServer;
import io.wsgate.it.raw.FrameBuilder;
import io.wsgate.it.raw.RawWebSocketClient;
import io.wsgate.it.raw.Rfc6455;
import io.wsgate.it.raw.ServerFrame;
import jakarta.websocket.OnMessage;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Sends made inside @OnMessage that then wait there (issue 9, item 4): a SendHandler the endpoint waits for is
 * called, Future.get() returns only once the message is written, and a Basic send returns only once its message
 * is written, also when the client reads slowly and the messages fill the socket buffers. Before: on Tomcat the
 * write waited for a write event the container does not deliver while the connection's thread is inside the read
 * callback, so the handler was never called in time, and Future.get() and Basic sends returned while the message
 * was still queued (Basic sends of large messages past the outbound bound then failed with an overflow).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SendInsideCallbackTest {

    /** How long the endpoint waits for one handler: far longer than any write to a reading client takes. */
    private static final long HANDLER_WAIT_SECONDS = 8;
    /** The slow client reads nothing for this long after its request, so the socket buffers fill. */
    private static final long SLOW_CLIENT_PAUSE_MS = 400;

    private final ServerPerKind servers = JakartaApp.servers(Inside.class);

    @AfterAll
    void stop() throws Exception {
        servers.close();
    }

    /**
     * "MODE COUNT SIZE": sends COUNT binary messages of SIZE bytes in the way MODE says, waiting for each inside
     * this callback, then reports "ok" or what went wrong as a text message.
     */
    @ServerEndpoint("/inside")
    public static final class Inside {
        @OnMessage
        public void message(Session session, String command) throws Exception {
            String[] words = command.split(" ");
            int count = Integer.parseInt(words[1]);
            int size = Integer.parseInt(words[2]);
            String report;
            try {
                report = switch (words[0]) {
                    case "handler" -> viaHandler(session, count, size);
                    case "elsewhere" -> viaAnotherThread(session, count, size);
                    case "future" -> viaFuture(session, count, size);
                    case "basic" -> viaBasic(session, count, size);
                    default -> "unknown mode " + words[0];
                };
            } catch (Exception e) {
                report = "failed: " + e;
            }
            session.getBasicRemote().sendText(report);
        }

        private static String viaHandler(Session session, int count, int size) throws InterruptedException {
            for (int i = 0; i < count; i++) {
                CountDownLatch called = new CountDownLatch(1);
                AtomicReference<SendResult> result = new AtomicReference<>();
                session.getAsyncRemote().sendBinary(ByteBuffer.allocate(size), r -> {
                    result.set(r);
                    called.countDown();
                });
                if (!called.await(HANDLER_WAIT_SECONDS, TimeUnit.SECONDS)) return "handler of message " + i + " not called";
                if (!result.get().isOK()) return "message " + i + " failed: " + result.get().getException();
            }
            return "ok";
        }

        /** As viaHandler, but each send is made by another thread: its write fills the output during this callback. */
        private static String viaAnotherThread(Session session, int count, int size) throws InterruptedException {
            for (int i = 0; i < count; i++) {
                CountDownLatch called = new CountDownLatch(1);
                AtomicReference<SendResult> result = new AtomicReference<>();
                Thread sender = new Thread(() -> session.getAsyncRemote().sendBinary(ByteBuffer.allocate(size), r -> {
                    result.set(r);
                    called.countDown();
                }), "sender");
                sender.start();
                if (!called.await(HANDLER_WAIT_SECONDS, TimeUnit.SECONDS)) return "handler of message " + i + " not called";
                if (!result.get().isOK()) return "message " + i + " failed: " + result.get().getException();
            }
            return "ok";
        }

        private static String viaFuture(Session session, int count, int size) throws Exception {
            for (int i = 0; i < count; i++) {
                Future<Void> sent = session.getAsyncRemote().sendBinary(ByteBuffer.allocate(size));
                sent.get();
                if (!sent.isDone()) return "get() of message " + i + " returned before it was written";
            }
            return "ok";
        }

        /** A Future sent first tells whether the Basic send after it returned only once written (frames go in order). */
        private static String viaBasic(Session session, int count, int size) throws Exception {
            Future<Void> before = session.getAsyncRemote().sendBinary(ByteBuffer.allocate(size));
            for (int i = 0; i < count; i++) {
                session.getBasicRemote().sendBinary(ByteBuffer.allocate(size));
                if (!before.isDone()) return "Basic send of message " + i + " returned before it was written";
            }
            return "ok";
        }
    }

    /** Sends the command, reads nothing for {@code pauseMs}, then reads the messages and returns the report. */
    private static String run(TestServer server, String command, int expectedBinary, long pauseMs) throws Exception {
        try (RawWebSocketClient c = RawWebSocketClient.open(server, "/inside")) {
            c.send(FrameBuilder.text(command));
            if (pauseMs > 0) Thread.sleep(pauseMs); // a slow reader (not synchronisation): the server's writes back up
            int binary = 0;
            while (true) {
                ServerFrame f = c.readFrame();
                if (f.opcode() == Rfc6455.OP_BINARY) binary++;
                else if (f.opcode() == Rfc6455.OP_TEXT) {
                    String report = f.text();
                    if (report.equals("ok")) assertEquals(expectedBinary, binary, "binary messages before the report");
                    c.send(FrameBuilder.close(1000, ""));
                    return report;
                } else throw new AssertionError("unexpected frame " + f);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aHandlerAwaitedInsideOnMessageIsCalledForLargeMessagesToASlowClient(ContainerKind kind) throws Exception {
        assertEquals("ok", run(servers.get(kind), "handler 8 524288", 8, SLOW_CLIENT_PAUSE_MS));
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aHandlerAwaitedInsideOnMessageIsCalledForSmallMessages(ContainerKind kind) throws Exception {
        assertEquals("ok", run(servers.get(kind), "handler 200 100", 200, 0));
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aHandlerAwaitedInsideOnMessageIsCalledForLargeMessagesSentByAnotherThread(ContainerKind kind) throws Exception {
        // Before: on Tomcat the other thread wrote what the output took and nothing wrote the rest while the
        // callback waited (no write event comes then, and no helper was asked for): the handler was never called.
        assertEquals("ok", run(servers.get(kind), "elsewhere 8 524288", 8, SLOW_CLIENT_PAUSE_MS));
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void futureGetInsideOnMessageReturnsOnceWritten(ContainerKind kind) throws Exception {
        assertEquals("ok", run(servers.get(kind), "future 8 524288", 8, SLOW_CLIENT_PAUSE_MS));
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void basicSendsOfLargeMessagesInsideOnMessageReturnOnceWritten(ContainerKind kind) throws Exception {
        assertEquals("ok", run(servers.get(kind), "basic 8 524288", 9, SLOW_CLIENT_PAUSE_MS));
    }
}
