package io.wsgate.jakarta;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Decoder;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Each endpoint sees onOpen, then messages and errors, then onClose: exactly once each, never nested
 * (issue 8, defect 6).
 */
class CallbackOrderTest {

    public static class Recording extends Endpoint {
        final List<String> events = new ArrayList<>();
        Consumer<String> onText = m -> {};

        @Override public void onOpen(Session session, EndpointConfig config) {
            events.add("open");
            session.addMessageHandler(String.class, m -> {
                events.add("message:" + m);
                onText.accept(m);
                events.add("message done");
            });
        }
        @Override public void onClose(Session session, CloseReason reason) { events.add("close:" + reason.getCloseCode().getCode()); }
        @Override public void onError(Session session, Throwable thr) { events.add("error:" + thr.getMessage()); }
    }

    public static final class FailingDecoder implements Decoder.Text<StringBuilder> {
        static final List<String> lifecycle = new ArrayList<>();
        @Override public void init(EndpointConfig config) { throw new IllegalStateException("no dictionary"); }
        @Override public void destroy() { lifecycle.add("destroy"); }
        @Override public StringBuilder decode(String s) { return new StringBuilder(s); }
        @Override public boolean willDecode(String s) { return true; }
    }

    private static TestConnection open(Recording endpoint, ServerEndpointConfig sec) throws Exception {
        return new TestConnection(sec, endpoint, Map.of()).open();
    }

    private static TestConnection open(Recording endpoint) throws Exception {
        return open(endpoint, ServerEndpointConfig.Builder.create(Recording.class, "/p").build());
    }

    @Test
    void anEndpointWhoseDecoderFailsToInitialiseSeesNothingAndTheConnectionClosesWith1011() throws Exception {
        FailingDecoder.lifecycle.clear();
        List<LogRecord> warnings = new ArrayList<>();
        Handler capture = new Handler() {
            @Override public void publish(LogRecord r) { if (r.getLevel().intValue() >= Level.WARNING.intValue()) warnings.add(r); }
            @Override public void flush() {}
            @Override public void close() {}
        };
        Logger logger = Logger.getLogger("io.wsgate.jakarta");
        logger.addHandler(capture);
        try {
            Recording endpoint = new Recording();
            ServerEndpointConfig sec = ServerEndpointConfig.Builder.create(Recording.class, "/p")
                    .decoders(List.of(FailingDecoder.class)).build();
            TestConnection c = open(endpoint, sec);
            assertEquals(1011, c.ws.closeCode);
            c.connection.onError(new IOException("reset"));
            c.closedByPeer(1011, "");
            assertEquals(List.of(), endpoint.events, "no onOpen, so no onError and no onClose either");
            assertTrue(c.endpoint.openSessions().isEmpty());
            assertEquals(1, warnings.size(), "one warning: " + warnings);
            String message = warnings.get(0).getMessage();
            assertTrue(message.contains(FailingDecoder.class.getName()) && message.contains(Recording.class.getName()), message);
        } finally {
            logger.removeHandler(capture);
        }
    }

    @Test
    void noErrorAfterClose() throws Exception {
        Recording endpoint = new Recording();
        TestConnection c = open(endpoint);
        c.text("hi");
        c.closedByPeer(1000, "");
        c.connection.onError(new IOException("reset after close"));
        c.closedByPeer(1006, "");
        assertEquals(List.of("open", "message:hi", "message done", "close:1000"), endpoint.events);
    }

    @Test
    void aLateSendFailureAfterCloseIsNotReported() throws Exception {
        Recording endpoint = new Recording();
        TestConnection c = open(endpoint);
        c.ws.holdCompletions = true;
        endpoint.onText = m -> c.session().getAsyncRemote().sendText("echo", result -> {});
        c.text("hi");
        c.closedByPeer(1000, "");
        c.ws.completeNext(new IOException("never written"));
        assertEquals(List.of("open", "message:hi", "message done", "close:1000"), endpoint.events);
    }

    @Test
    void aCloseOrErrorArrivingInsideACallbackWaitsForItToReturn() throws Exception {
        Recording endpoint = new Recording();
        TestConnection c = open(endpoint);
        endpoint.onText = m -> {
            // the engine ends the connection on this very thread, from inside the endpoint's callback
            c.connection.onError(new IOException("write failed"));
            c.connection.onClose(1006, "");
        };
        c.text("hi");
        assertEquals(List.of("open", "message:hi", "message done", "error:write failed", "close:1006"), endpoint.events);
    }

    @Test
    void anOnOpenThatThrowsIsFollowedByOnErrorThenOnClose() throws Exception {
        Recording endpoint = new Recording() {
            @Override public void onOpen(Session session, EndpointConfig config) {
                super.onOpen(session, config);
                throw new IllegalStateException("nope");
            }
        };
        TestConnection c = open(endpoint);
        assertEquals(1011, c.ws.closeCode);
        c.closedByPeer(1011, "");
        assertEquals(List.of("open", "error:nope", "close:1011"), endpoint.events);
    }
}
