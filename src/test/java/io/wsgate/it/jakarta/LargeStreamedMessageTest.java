package io.wsgate.it.jakarta;

import io.wsgate.it.ContainerKind;
import io.wsgate.it.TestServer;
import io.wsgate.it.clients.JdkClient;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9's proof of streaming: a 64 MiB text message read through a {@code Reader} by a server whose whole heap
 * (80 MiB, container included) could not hold the message once as bytes and once as characters, let alone the
 * copies of a growing buffer. The client sends it in 64 KiB fragments; the endpoint counts the characters and
 * answers the count. Buffering the message first would end the child JVM with an OutOfMemoryError.
 */
@Timeout(600)
class LargeStreamedMessageTest {

    private static final String HEAP = "80m";
    private static final int FRAGMENTS = 1024;
    /** 65,534 characters in 65,535 UTF-8 bytes: a two-byte character that frame and read boundaries split. */
    private static final String FRAGMENT = "é" + "a".repeat(65_533);

    private static Object closeOf(JdkClient.Connection c) {
        try {
            return c.inbox().awaitClose();
        } catch (Exception | AssertionError e) {
            return "no close: " + e;
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void a64MiBMessageIsCountedThroughAReaderInASmallHeap(ContainerKind kind) throws Exception {
        kind.assumeAvailable();
        try (SmallHeapServer server = new SmallHeapServer(kind, HEAP)) {
            JdkClient.Connection c = JdkClient.connect(HttpClient.newHttpClient(),
                    URI.create("ws://127.0.0.1:" + server.port + TestServer.CONTEXT_PATH + "/streaming/count"));
            WebSocket ws = c.webSocket();
            long expected = (long) FRAGMENTS * FRAGMENT.length();
            assertTrue(expected * 2 > 64L << 20, "more than 64 MiB as characters");
            String count;
            try {
                for (int i = 0; i < FRAGMENTS; i++) {
                    ws.sendText(FRAGMENT, i == FRAGMENTS - 1).get(120, TimeUnit.SECONDS);
                }
                count = c.inbox().nextText();
            } catch (Exception | AssertionError e) {
                throw new AssertionError("the message did not get through (closed with " + closeOf(c) + "): "
                        + server.diagnosis(), e);
            }
            assertEquals(Long.toString(expected), count, "the count the endpoint answered");
            assertTrue(server.isAlive(), "the server did not run out of memory");
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(30, TimeUnit.SECONDS);
            assertEquals(1000, c.inbox().awaitClose().code());
        }
    }
}
