package io.wsgate.servlet;

import io.wsgate.engine.WebSocketListener;
import io.wsgate.engine.WebSocketPolicy;
import io.wsgate.engine.WebSocketSession;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.WebConnection;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * A handshake that got past the "application stopping" check when shutdown began. Shutdown used to take its
 * snapshot of open sessions at once, find none, end wsgate's threads and return; the handshake then completed and
 * the container started the connection after the undeploy: open, never sent 1001, with no timer left to run.
 */
class HandshakeRacingShutdownTest {

    private static final Map<String, List<String>> HEADERS = Map.of(
            "Host", List.of("localhost"),
            "Upgrade", List.of("websocket"),
            "Connection", List.of("Upgrade"),
            "Sec-WebSocket-Version", List.of("13"),
            "Sec-WebSocket-Key", List.of("dGhlIHNhbXBsZSBub25jZQ=="));

    @Test
    void aConnectionUpgradedWhileTheApplicationStopsIsClosedWith1001AndShutdownWaitsForIt() throws Exception {
        WebSocketUpgrader upgrader = WebSocketUpgrader.detached();
        WsgateUpgradeHandler handler = new WsgateUpgradeHandler();
        HttpServletRequest request = handshakeRequest(handler);
        CountDownLatch inHandshake = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Integer> closedWith = new CompletableFuture<>();
        CountDownLatch opened = new CountDownLatch(1);
        UpgradeEndpoint endpoint = new UpgradeEndpoint() {
            @Override public String selectSubprotocol(List<String> offered, HttpServletRequest r) { return null; }
            @Override public WebSocketPolicy policy() { return new WebSocketPolicy().closeTimeout(java.time.Duration.ofMillis(300)); }
            @Override public WebSocketListener accept(HttpServletRequest r, HttpServletResponse response, String subprotocol) {
                inHandshake.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);   // the endpoint's own handshake code, still running
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new WebSocketListener() {
                    @Override public void onOpen(WebSocketSession session) { opened.countDown(); }
                    @Override public void onTextChunk(ByteBuffer utf8, boolean last) {}
                    @Override public void onBinaryChunk(ByteBuffer data, boolean last) {}
                    @Override public void onClose(int code, String reason) { closedWith.complete(code); }
                };
            }
        };

        CompletableFuture<Boolean> handshake = CompletableFuture.supplyAsync(() -> {
            try {
                return upgrader.handshake(request, mock(HttpServletResponse.class), endpoint);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(inHandshake.await(10, TimeUnit.SECONDS));
        CompletableFuture<Void> stop = CompletableFuture.runAsync(upgrader::shutdown);
        assertTrue(io.wsgate.it.Deadline.await(java.time.Duration.ofSeconds(5), upgrader::isStopped));
        release.countDown();
        assertTrue(handshake.get(10, TimeUnit.SECONDS), "the handshake completed with 101");
        assertTrue(!stop.isDone(), "shutdown waits for the connection that is being upgraded");

        // The container starts the connection once the filter chain has returned (Tomcat's order).
        ServletTransportResumeTest.Output out = new ServletTransportResumeTest.Output();
        out.ready = true;
        ServletTransportResumeTest.Input in = new ServletTransportResumeTest.Input();
        handler.init(new WebConnection() {
            @Override public ServletInputStream getInputStream() { return in; }
            @Override public ServletOutputStream getOutputStream() { return out; }
            // as a container does once the connection is closed
            @Override public void close() { CompletableFuture.runAsync(handler::destroy); }
        });
        assertTrue(opened.await(5, TimeUnit.SECONDS), "the endpoint was opened");
        assertTrue(out.written >= 4, "a close frame was written: " + out.written + " bytes");
        // The peer never answers: the close timeout ends it; shutdown returns once it is gone.
        assertEquals(1001, closedWith.get(10, TimeUnit.SECONDS));
        stop.get(15, TimeUnit.SECONDS);
        assertEquals(0, upgrader.openConnections());
    }

    private static HttpServletRequest handshakeRequest(WsgateUpgradeHandler handler) throws Exception {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getMethod()).thenReturn("GET");
        when(request.getProtocol()).thenReturn("HTTP/1.1");
        when(request.getRequestURI()).thenReturn("/app/ws");
        when(request.getRemoteAddr()).thenReturn("127.0.0.1");
        when(request.getHeader(anyString())).thenAnswer(inv -> {
            List<String> values = HEADERS.get((String) inv.getArgument(0));
            return values == null ? null : values.get(0);
        });
        when(request.getHeaders(anyString())).thenAnswer(inv ->
                Collections.enumeration(HEADERS.getOrDefault((String) inv.getArgument(0), List.of())));
        when(request.upgrade(WsgateUpgradeHandler.class)).thenReturn(handler);
        return request;
    }
}
