package io.wsgate.it.client;

import io.wsgate.client.HandshakeFailedException;
import io.wsgate.jakarta.client.WsgateClientContainer;
import io.wsgate.protocol.HandshakeKeys;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client against servers that get the handshake or the framing wrong, never answer, or are not there: each
 * attempt fails from connectToServer with a DeploymentException naming the problem, or (a masked frame) closes
 * with 1002; nothing is left open and the client's selector thread ends.
 */
class HostileServerTest {

    private final WsgateClientContainer client = new WsgateClientContainer();

    @AfterEach
    void nothingLeft() throws Exception {
        Thread selector = client.loop().selectorThread();
        if (selector != null) selector.join(10_000);
        assertEquals(0, client.loop().connections(), "no connection left");
        assertTrue(selector == null || !selector.isAlive(), "the selector thread ended");
    }

    private static String accept(String requestHead) {
        return HandshakeKeys.accept(RawServer.header(requestHead, "Sec-WebSocket-Key"));
    }

    private DeploymentException refusedWith(RawServer.Script script) throws Exception {
        try (RawServer server = new RawServer(script)) {
            DeploymentException e = assertThrows(DeploymentException.class, () -> client.connectToServer(new ClientInbox(),
                    ClientEndpointConfig.Builder.create().preferredSubprotocols(List.of("a")).build(), server.uri("/x")));
            server.done.get(30, TimeUnit.SECONDS);
            return e;
        }
    }

    @Test
    void aWrongAcceptIsRefused() throws Exception {
        DeploymentException e = refusedWith((s, head) -> RawServer.write(s, "HTTP/1.1 101 Switching Protocols\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + HandshakeKeys.accept("wrong") + "\r\n\r\n"));
        HandshakeFailedException cause = assertInstanceOf(HandshakeFailedException.class, e.getCause());
        assertTrue(cause.getMessage().contains("Sec-WebSocket-Accept"), cause.getMessage());
    }

    @Test
    void aMissingUpgradeHeaderIsRefused() throws Exception {
        DeploymentException e = refusedWith((s, head) -> RawServer.write(s, "HTTP/1.1 101 Switching Protocols\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept(head) + "\r\n\r\n"));
        assertTrue(e.getCause().getMessage().contains("no Upgrade header"), e.getCause().getMessage());
    }

    @Test
    void aMissingConnectionUpgradeIsRefused() throws Exception {
        DeploymentException e = refusedWith((s, head) -> RawServer.write(s, "HTTP/1.1 101 Switching Protocols\r\n"
                + "Upgrade: websocket\r\nConnection: keep-alive\r\nSec-WebSocket-Accept: " + accept(head) + "\r\n\r\n"));
        assertTrue(e.getCause().getMessage().contains("Connection"), e.getCause().getMessage());
    }

    @Test
    void aStatusOtherThan101IsRefusedWithTheStatusLine() throws Exception {
        DeploymentException e = refusedWith((s, head) -> RawServer.write(s,
                "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"));
        HandshakeFailedException cause = assertInstanceOf(HandshakeFailedException.class, e.getCause());
        assertEquals(404, cause.status());
        assertTrue(cause.getMessage().contains("404 Not Found"), cause.getMessage());
    }

    @Test
    void aSubprotocolNotOfferedIsRefused() throws Exception {
        DeploymentException e = refusedWith((s, head) -> RawServer.write(s, "HTTP/1.1 101 Switching Protocols\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept(head)
                + "\r\nSec-WebSocket-Protocol: z\r\n\r\n"));
        assertTrue(e.getCause().getMessage().contains("'z', which was not offered"), e.getCause().getMessage());
    }

    @Test
    void anExtensionNotOfferedIsRefused() throws Exception {
        DeploymentException e = refusedWith((s, head) -> {
            assertEquals(null, RawServer.header(head, "Sec-WebSocket-Extensions"), "nothing offered");
            RawServer.write(s, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept(head) + "\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n");
        });
        assertTrue(e.getCause().getMessage().contains("permessage-deflate"), e.getCause().getMessage());
    }

    @Test
    void garbageInsteadOfHttpIsRefused() throws Exception {
        DeploymentException e = refusedWith((s, head) -> RawServer.write(s, "SSH-2.0-OpenSSH_9.6\r\n\r\n"));
        assertTrue(e.getCause().getMessage().contains("not HTTP"), e.getCause().getMessage());
    }

    @Test
    void aServerThatClosesWithoutAnsweringIsRefused() throws Exception {
        DeploymentException e = refusedWith((s, head) -> s.close());
        assertTrue(e.getCause().getMessage().contains("without answering"), e.getCause().getMessage());
    }

    @Test
    void aServerThatNeverAnswersTimesOutAfterTheConnectTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (RawServer server = new RawServer((s, head) -> release.await(30, TimeUnit.SECONDS))) {
            ClientEndpointConfig config = ClientEndpointConfig.Builder.create().build();
            config.getUserProperties().put("io.wsgate.client.connectTimeout", 500);
            long start = System.nanoTime();
            DeploymentException e = assertThrows(DeploymentException.class,
                    () -> client.connectToServer(new ClientInbox(), config, server.uri("/silent")));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            release.countDown();
            assertInstanceOf(SocketTimeoutException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("500 ms"), e.getCause().getMessage());
            assertTrue(millis >= 400 && millis < 10_000, "failed after " + millis + " ms");
        }
    }

    @Test
    void tomcatsTimeoutPropertyIsHonouredToo() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (RawServer server = new RawServer((s, head) -> release.await(30, TimeUnit.SECONDS))) {
            ClientEndpointConfig config = ClientEndpointConfig.Builder.create().build();
            config.getUserProperties().put("org.apache.tomcat.websocket.IO_TIMEOUT_MS", "300");
            DeploymentException e = assertThrows(DeploymentException.class,
                    () -> client.connectToServer(new ClientInbox(), config, server.uri("/silent")));
            release.countDown();
            assertTrue(e.getCause().getMessage().contains("300 ms"), e.getCause().getMessage());
        }
    }

    @Test
    void aRefusedConnectionFailsWithItsCause() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        DeploymentException e = assertThrows(DeploymentException.class, () -> client.connectToServer(new ClientInbox(),
                ClientEndpointConfig.Builder.create().build(), URI.create("ws://127.0.0.1:" + port + "/")));
        assertInstanceOf(ConnectException.class, e.getCause());
    }

    @Test
    void aUriThatIsNotWebSocketIsRefusedBeforeConnecting() {
        DeploymentException e = assertThrows(DeploymentException.class, () -> client.connectToServer(new ClientInbox(),
                ClientEndpointConfig.Builder.create().build(), URI.create("http://127.0.0.1:1/")));
        assertTrue(e.getMessage().contains("ws or wss"), e.getMessage());
    }

    @Test
    void aServerThatStopsReadingMeetsTheOutboundBound() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (RawServer server = new RawServer((s, head) -> {
            RawServer.write(s, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept(head) + "\r\n\r\n");
            release.await(60, TimeUnit.SECONDS); // reads nothing more
        })) {
            ClientInbox inbox = new ClientInbox();
            jakarta.websocket.Session session = client.connectToServer(inbox, ClientEndpointConfig.Builder.create().build(),
                    server.uri("/sink"));
            java.nio.ByteBuffer chunk = java.nio.ByteBuffer.allocate(64 * 1024);
            Throwable refused = null;
            // 64 MiB, far more than the kernel's socket buffers and the 1 MiB bound together
            for (int i = 0; i < 1024 && refused == null; i++) {
                java.util.concurrent.Future<Void> f = session.getAsyncRemote().sendBinary(chunk.duplicate());
                if (f.isDone()) {
                    try {
                        f.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        refused = e.getCause();
                    }
                }
            }
            assertInstanceOf(io.wsgate.engine.OutboundOverflowException.class, refused);
            release.countDown();
            session.close();
            inbox.awaitClose();
        }
    }

    @Test
    void aMaskedFrameFromTheServerClosesWith1002() throws Exception {
        ClientInbox inbox = new ClientInbox();
        int[] closeCode = new int[1];
        try (RawServer server = new RawServer((s, head) -> {
            RawServer.write(s, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept(head) + "\r\n\r\n");
            // a masked text frame "hi" (key 0): servers must not mask
            s.getOutputStream().write(new byte[]{(byte) 0x81, (byte) 0x82, 0, 0, 0, 0, 'h', 'i'});
            DataInputStream in = new DataInputStream(s.getInputStream());
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            assertEquals(0x88, b0, "a close frame");
            assertTrue((b1 & 0x80) != 0, "masked, as a client's frames are");
            byte[] key = in.readNBytes(4);
            byte[] payload = in.readNBytes(b1 & 0x7F);
            for (int i = 0; i < payload.length; i++) payload[i] ^= key[i % 4];
            closeCode[0] = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        })) {
            client.connectToServer(inbox, ClientEndpointConfig.Builder.create().build(), server.uri("/masked"));
            server.done.get(30, TimeUnit.SECONDS);
            assertEquals(1002, closeCode[0]);
            CloseReason reason = inbox.awaitClose();
            assertEquals(1002, reason.getCloseCode().getCode());
            assertFalse(inbox.messages.stream().anyMatch(m -> "hi".equals(m)), "the masked frame is not delivered");
        }
    }
}
