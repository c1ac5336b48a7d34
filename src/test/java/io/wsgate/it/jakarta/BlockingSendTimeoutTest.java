package io.wsgate.it.jakarta;

import io.wsgate.it.ContainerKind;
import io.wsgate.it.ServerPerKind;
import io.wsgate.it.TestServer;
import io.wsgate.it.clients.Inbox;
import io.wsgate.it.raw.FrameBuilder;
import io.wsgate.it.raw.RawWebSocketClient;
import io.wsgate.jakarta.WsgateServerContainer;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An @OnMessage that waits for another thread's blocking sends to a client that does not read: the sends fail
 * after the blocking send timeout, the callback returns and the connection is given up, rather than everything
 * waiting forever (the send timeout used to block on the connection held by that very callback).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BlockingSendTimeoutTest {

    private static final long TIMEOUT_MS = 500;

    private final ServerPerKind servers = JakartaApp.servers(
            context -> ((WsgateServerContainer) context.getAttribute(WsgateServerContainer.ATTRIBUTE)).setBlockingSendTimeout(TIMEOUT_MS),
            Stuck.class);

    @AfterAll
    void stop() throws Exception {
        servers.close();
    }

    /** What the sender thread ended with, and what a further send from @OnMessage did. */
    record Outcome(String senderFailure, String nextSend) {}

    static volatile CompletableFuture<Outcome> outcome = new CompletableFuture<>();

    @ServerEndpoint("/stuck")
    public static final class Stuck {
        @OnMessage
        public void message(Session session, String text) throws InterruptedException {
            String[] failure = {"none"};
            Thread sender = new Thread(() -> {
                try {
                    for (int i = 0; i < 1024; i++) session.getBasicRemote().sendBinary(ByteBuffer.allocate(64 * 1024));
                } catch (IOException | RuntimeException e) {
                    failure[0] = e.getClass().getSimpleName();
                }
            }, "stuck-sender");
            sender.start();
            sender.join();
            String next;
            try {
                session.getBasicRemote().sendText("after the timeout");
                next = "sent";
            } catch (IOException | RuntimeException e) {
                next = e.getClass().getSimpleName();
            }
            outcome.complete(new Outcome(failure[0], next));
        }
    }

    /** Reads whatever the server managed to send until the connection ends; fails if it stays open. */
    private static void assertConnectionEnds(RawWebSocketClient c) {
        try {
            while (true) c.readFrame();
        } catch (IOException ended) {
            // EOF or reset: the server gave the connection up
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void theSendTimesOutAndTheConnectionIsGivenUp(ContainerKind kind) throws Exception {
        outcome = new CompletableFuture<>();
        TestServer server = servers.get(kind);
        try (RawWebSocketClient c = RawWebSocketClient.open(server, "/stuck")) {
            c.send(FrameBuilder.text("go"));
            // the client reads nothing: 64 MiB cannot all fit in buffers
            Outcome result = outcome.get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals("SocketTimeoutException", result.senderFailure());
            // the session is given up: further sends fail at once, and the connection ends once the callback returned
            // (the timeout's own exception, or "session closed" once the abort has gone through: both IOExceptions)
            assertTrue(result.nextSend().equals("SocketTimeoutException") || result.nextSend().equals("IOException"),
                    result.nextSend());
            assertConnectionEnds(c);
        }
    }
}
