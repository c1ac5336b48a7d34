package io.wsgate.jakarta;

import io.wsgate.jakarta.deploy.DeployedEndpoint;
import io.wsgate.jakarta.handshake.PerConnectionConfig;
import io.wsgate.jakarta.session.HandshakeInfo;
import io.wsgate.jakarta.session.JakartaConnection;
import io.wsgate.jakarta.session.SessionLimits;
import io.wsgate.jakarta.session.WsgateSession;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.*;

/** Programmatic endpoints: handler registration rules and the Session's methods and close semantics. */
class SessionTest {

    /** Runs a consumer in onOpen and records what the endpoint sees. */
    public static class Programmatic extends Endpoint {
        final List<String> events = new ArrayList<>();
        Consumer<Session> onOpen = s -> {};
        Session session;

        @Override public void onOpen(Session session, EndpointConfig config) {
            this.session = session;
            onOpen.accept(session);
        }

        @Override public void onClose(Session session, CloseReason closeReason) {
            events.add("close:" + closeReason.getCloseCode().getCode() + ":" + session.getId() + ":"
                    + session.getUserProperties().get("k"));
        }

        @Override public void onError(Session session, Throwable thr) { events.add("error:" + thr.getMessage()); }
    }

    static TestConnection open(Programmatic endpoint) throws Exception {
        ServerEndpointConfig sec = ServerEndpointConfig.Builder.create(Programmatic.class, "/p").build();
        sec.getUserProperties().put("k", "v");
        return new TestConnection(sec, endpoint, Map.of()).open();
    }

    @Test
    void oneHandlerPerNativeType() throws Exception {
        Programmatic endpoint = new Programmatic();
        TestConnection c = open(endpoint);
        Session s = c.session();
        MessageHandler.Whole<String> text = new MessageHandler.Whole<>() {
            @Override public void onMessage(String message) {}
        };
        s.addMessageHandler(text);
        assertThrows(IllegalStateException.class, () -> s.addMessageHandler(Reader.class, (MessageHandler.Whole<Reader>) r -> {}));
        assertThrows(IllegalStateException.class, () -> s.addMessageHandler(String.class, (MessageHandler.Partial<String>) (p, l) -> {}));
        s.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) (p, l) -> {});
        assertThrows(IllegalStateException.class, () -> s.addMessageHandler(byte[].class, (MessageHandler.Whole<byte[]>) b -> {}));
        s.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) p -> {});
        assertEquals(3, s.getMessageHandlers().size());
        assertThrows(UnsupportedOperationException.class, () -> s.getMessageHandlers().clear());
        s.removeMessageHandler(text);
        assertEquals(2, s.getMessageHandlers().size());
        s.addMessageHandler(Reader.class, (MessageHandler.Whole<Reader>) r -> {});
    }

    @Test
    void lambdasNeedTheExplicitType() throws Exception {
        TestConnection c = open(new Programmatic());
        MessageHandler.Whole<String> lambda = m -> {};
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.session().addMessageHandler(lambda));
        assertTrue(e.getMessage().contains("addMessageHandler(Class, handler)"), e.getMessage());
        assertThrows(IllegalStateException.class,
                () -> c.session().addMessageHandler(java.math.BigDecimal.class, (MessageHandler.Whole<java.math.BigDecimal>) m -> {}));
        assertThrows(IllegalStateException.class,
                () -> c.session().addMessageHandler(Reader.class, (MessageHandler.Partial<Reader>) (m, l) -> {}));
    }

    @Test
    void theHandlerChosenAtTheFirstChunkServesTheWholeMessage() throws Exception {
        List<String> seen = new ArrayList<>();
        Programmatic endpoint = new Programmatic();
        TestConnection c = open(endpoint);
        MessageHandler.Partial<String> first = (part, last) -> seen.add("first:" + part);
        c.session().addMessageHandler(String.class, first);
        c.connection.onTextChunk(ByteBuffer.wrap("a".getBytes()), false);
        c.session().removeMessageHandler(first);
        c.session().addMessageHandler(String.class, (MessageHandler.Partial<String>) (part, last) -> seen.add("second:" + part));
        c.connection.onTextChunk(ByteBuffer.wrap("b".getBytes()), true);
        c.text("c");
        assertEquals(List.of("first:a", "first:b", "second:c"), seen);
    }

    @Test
    void messagesWithoutAHandlerAreDropped() throws Exception {
        Programmatic endpoint = new Programmatic();
        TestConnection c = open(endpoint);
        c.text("nobody listens");
        c.binary("nobody");
        assertTrue(endpoint.events.isEmpty());
        assertTrue(c.session().isOpen());
    }

    @Test
    void sessionInformation() throws Exception {
        Programmatic endpoint = new Programmatic();
        TestConnection c = open(endpoint);
        Session s = c.session();
        assertEquals("13", s.getProtocolVersion());
        assertEquals("", s.getNegotiatedSubprotocol());
        assertEquals(List.of(), s.getNegotiatedExtensions());
        assertEquals("x=1", s.getQueryString());
        assertEquals(Map.of("x", List.of("1")), s.getRequestParameterMap());
        assertEquals("ws://localhost/app/path?x=1", s.getRequestURI().toString());
        assertFalse(s.isSecure());
        assertNull(s.getUserPrincipal());
        assertSame(c.container, s.getContainer());
        assertEquals(Set.of(s), s.getOpenSessions());
        // User properties are a per-connection copy of the endpoint configuration's.
        assertEquals("v", s.getUserProperties().get("k"));
        s.getUserProperties().put("k", "changed");
        assertEquals("v", c.endpoint.config().getUserProperties().get("k"));
    }

    @Test
    void limitsMapOntoTheConnectionPolicy() throws Exception {
        TestConnection c = open(new Programmatic());
        Session s = c.session();
        s.setMaxTextMessageBufferSize(1234);
        s.setMaxBinaryMessageBufferSize(99);
        s.setMaxIdleTimeout(5000);
        assertEquals(1234, c.ws.policy().maxTextMessageSize());
        assertEquals(99, c.ws.policy().maxBinaryMessageSize());
        assertEquals(5000, c.ws.policy().idleTimeout().toMillis());
        assertEquals(1234, s.getMaxTextMessageBufferSize());
        assertEquals(5000, s.getMaxIdleTimeout());
        s.setMaxIdleTimeout(-1);
        assertEquals(0, s.getMaxIdleTimeout());
    }

    @Test
    void aPartialHandlerBuffersNothingSoTheEngineLimitIsLiftedForItsType() throws Exception {
        TestConnection c = open(new Programmatic());
        Session s = c.session();
        s.setMaxTextMessageBufferSize(1000);
        s.setMaxBinaryMessageBufferSize(2000);
        MessageHandler.Partial<String> partial = (p, l) -> {};
        s.addMessageHandler(String.class, partial);
        assertEquals(0, c.ws.policy().maxTextMessageSize(), "no limit on messages delivered in parts");
        assertEquals(2000, c.ws.policy().maxBinaryMessageSize());
        assertEquals(1000, s.getMaxTextMessageBufferSize(), "the session still reports its buffer size");
        s.removeMessageHandler(partial);
        s.addMessageHandler(String.class, (MessageHandler.Whole<String>) m -> {});
        assertEquals(1000, c.ws.policy().maxTextMessageSize(), "a whole handler buffers: the limit is back");
    }

    @Test
    void containerDefaultsApplyToNewSessions() throws Exception {
        WsgateServerContainer container = new WsgateServerContainer(null);
        container.setDefaultMaxTextMessageBufferSize(777);
        container.setDefaultMaxSessionIdleTimeout(3000);
        container.setAsyncSendTimeout(1500);
        ServerEndpointConfig sec = ServerEndpointConfig.Builder.create(Programmatic.class, "/p").build();
        TestConnection c = new TestConnection(container, sec, new Programmatic(), Map.of()).open();
        assertEquals(777, c.session().getMaxTextMessageBufferSize());
        assertEquals(3000, c.session().getMaxIdleTimeout());
        assertEquals(1500, c.session().getAsyncRemote().getSendTimeout());
        assertEquals(64 * 1024, c.session().getMaxBinaryMessageBufferSize(), "unset defaults keep the filter's");
    }

    @Test
    void closeSemantics() throws Exception {
        Programmatic endpoint = new Programmatic();
        TestConnection c = open(endpoint);
        WsgateSession s = c.session();
        s.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "leaving"));
        assertFalse(s.isOpen());
        assertEquals(1001, c.ws.closeCode);
        assertEquals("leaving", c.ws.closeReason);
        s.close();                                           // no effect the second time
        assertEquals(1001, c.ws.closeCode);
        assertThrows(IOException.class, () -> s.getBasicRemote().sendText("too late"));
        assertEquals("v", s.getUserProperties().get("k"), "still readable until onClose returned");
        String id = s.getId();
        c.closedByPeer(1001, "leaving");
        assertEquals(List.of("close:1001:" + id + ":v"), endpoint.events);
        // After onClose: IllegalStateException, except close(), isOpen() and getId().
        assertThrows(IllegalStateException.class, s::getBasicRemote);
        assertThrows(IllegalStateException.class, s::getAsyncRemote);
        assertThrows(IllegalStateException.class, s::getUserProperties);
        assertThrows(IllegalStateException.class, s::getMessageHandlers);
        assertThrows(IllegalStateException.class, s::getOpenSessions);
        assertThrows(IllegalStateException.class, s::getRequestURI);
        assertThrows(IllegalStateException.class, () -> s.setMaxIdleTimeout(1));
        assertThrows(IllegalStateException.class, () -> s.addMessageHandler(String.class, (MessageHandler.Whole<String>) m -> {}));
        s.close();
        assertFalse(s.isOpen());
        assertEquals(id, s.getId());
        assertTrue(c.endpoint.openSessions().isEmpty());
    }

    @Test
    void theApplicationsCloseReasonReachesOnClose() throws Exception {
        Programmatic endpoint = new Programmatic();
        TestConnection c = open(endpoint);
        c.session().close(new CloseReason(CloseReason.CloseCodes.CANNOT_ACCEPT, "no"));
        c.closedByPeer(1003, "");    // the peer echoes the code without the phrase
        assertTrue(endpoint.events.get(0).startsWith("close:1003:"), endpoint.events.toString());
    }

    @Test
    void closedAbnormallyDropsTheConnection() throws Exception {
        TestConnection c = open(new Programmatic());
        c.session().close(new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, null));
        assertTrue(c.ws.aborted);
        assertNull(c.ws.closeCode);
    }

    @Test
    void openSessionsOfTheSameEndpoint() throws Exception {
        ServerEndpointConfig sec = ServerEndpointConfig.Builder.create(Programmatic.class, "/p").build();
        WsgateServerContainer container = new WsgateServerContainer(null);
        DeployedEndpoint endpoint = DeployedEndpoint.of(sec);
        JakartaConnection a = connectionFor(container, endpoint), b = connectionFor(container, endpoint);
        FakeWebSocketSession wa = new FakeWebSocketSession(), wb = new FakeWebSocketSession();
        a.onOpen(wa);
        b.onOpen(wb);
        assertEquals(Set.of(a.session(), b.session()), a.session().getOpenSessions());
        wb.open = false;
        assertEquals(Set.of(a.session()), a.session().getOpenSessions(), "only sessions still open");
        b.onClose(1000, "");
        assertEquals(1, endpoint.openSessions().size());
        assertNotEquals(a.session().getId(), b.session().getId());
    }

    private static JakartaConnection connectionFor(WsgateServerContainer container, DeployedEndpoint endpoint) {
        PerConnectionConfig config = new PerConnectionConfig(endpoint.config());
        HandshakeInfo info = new HandshakeInfo(java.net.URI.create("ws://h/p"), null, Map.of(), null, false, null, List.of());
        return new JakartaConnection(container.sessionSettings(endpoint), info, Map.of(), config, config.getUserProperties(),
                endpoint.callbacks(new Programmatic(), Map.of()), endpoint.openSessions(), SessionLimits.NONE, null);
    }

    @Test
    void handlerExceptionsGoToOnErrorAndTheSessionStaysOpen() throws Exception {
        Programmatic endpoint = new Programmatic();
        endpoint.onOpen = s -> s.addMessageHandler(String.class, (MessageHandler.Whole<String>) m -> {
            throw new IllegalArgumentException("bad " + m);
        });
        TestConnection c = open(endpoint);
        c.text("x");
        assertEquals(List.of("error:bad x"), endpoint.events);
        assertTrue(c.session().isOpen());
    }

    @Test
    void engineErrorsReachOnError() throws Exception {
        Programmatic endpoint = new Programmatic();
        TestConnection c = open(endpoint);
        c.connection.onError(new IOException("reset"));
        assertEquals(List.of("error:reset"), endpoint.events);
    }

    @Test
    void connectionProblemsReachOnErrorAsASessionExceptionOfTheSession() throws Exception {
        List<Throwable> seen = new ArrayList<>();
        Programmatic endpoint = new Programmatic() {
            @Override public void onError(Session session, Throwable thr) { seen.add(thr); }
        };
        TestConnection c = open(endpoint);
        IOException reset = new IOException("reset");
        c.connection.onError(reset);
        assertEquals(1, seen.size());
        jakarta.websocket.SessionException error = assertInstanceOf(jakarta.websocket.SessionException.class, seen.get(0));
        assertSame(reset, error.getCause());
        assertSame(c.session(), error.getSession());
        assertEquals("reset", error.getMessage());
    }
}
