package io.wsgate.jakarta;

import jakarta.websocket.CloseReason;
import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import jakarta.websocket.EncodeException;
import jakarta.websocket.Encoder;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Annotated endpoints end to end against a fake engine session: delivery styles, return values, errors, close. */
class AnnotatedDeliveryTest {

    @ServerEndpoint("/echo/{room}")
    public static class Echo {
        final List<String> events = new ArrayList<>();

        @OnOpen public void open(Session session, EndpointConfig config, @PathParam("room") String room) {
            events.add("open:" + room + ":" + (config != null) + ":" + session.getPathParameters());
        }

        @OnMessage public String text(String message, @PathParam("room") String room) {
            return room + ":" + message;
        }

        @OnMessage public byte[] binary(byte[] data) {
            return data;
        }

        @OnMessage public void pong(PongMessage pong) {
            events.add("pong:" + StandardCharsets.UTF_8.decode(pong.getApplicationData()));
        }

        @OnClose public void close(CloseReason reason, Session session) {
            events.add("close:" + reason.getCloseCode().getCode() + ":" + reason.getReasonPhrase() + ":" + session.getId());
        }

        @OnError public void error(Throwable t) {
            events.add("error:" + t.getClass().getSimpleName());
        }
    }

    @Test
    void wholeMessagesAndReturnValues() throws Exception {
        Echo echo = new Echo();
        TestConnection c = TestConnection.annotated(echo, Map.of("room", "r1")).open();
        assertEquals("open:r1:true:{room=r1}", echo.events.get(0));
        c.textParts("hel", "lo");
        c.binary("bytes");
        c.connection.onPong(ByteBuffer.wrap("p".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("text:r1:hello", "binary:bytes"), c.ws.sent());
        assertEquals("pong:p", echo.events.get(1));
        String id = c.session().getId();
        c.closedByPeer(1001, "bye");
        assertEquals("close:1001:bye:" + id, echo.events.get(2));
        assertEquals(3, echo.events.size());
    }

    @ServerEndpoint("/parts")
    public static class Parts {
        final List<String> parts = new ArrayList<>();

        @OnMessage public void text(boolean last, String part) { parts.add(part + "|" + last); }

        @OnMessage public void binary(ByteBuffer part, boolean last) {
            parts.add("b:" + StandardCharsets.UTF_8.decode(part) + "|" + last);
        }
    }

    @Test
    void partialMessagesArriveInOrderAsChunks() throws Exception {
        Parts parts = new Parts();
        TestConnection c = TestConnection.annotated(parts, Map.of()).open();
        c.textParts("a", "b", "c");
        c.binaryParts("x", "y");
        assertEquals(List.of("a|false", "b|false", "c|true", "b:x|false", "b:y|true"), parts.parts);
    }

    @ServerEndpoint("/streams")
    public static class Streams {
        /** Handlers of streamed messages run on a callback thread: the test waits for what they saw. */
        final java.util.concurrent.BlockingQueue<String> seen = new java.util.concurrent.LinkedBlockingQueue<>();

        @OnMessage public void text(Reader reader) throws IOException {
            StringBuilder s = new StringBuilder();
            int c;
            while ((c = reader.read()) >= 0) s.append((char) c);
            seen.add(s.toString());
        }

        @OnMessage public void binary(InputStream in) throws IOException {
            seen.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void readerAndInputStreamSeeTheWholeMessage() throws Exception {
        Streams streams = new Streams();
        TestConnection c = TestConnection.annotated(streams, Map.of()).open();
        c.textParts("ab", "cd");
        assertEquals("abcd", streams.seen.poll(30, java.util.concurrent.TimeUnit.SECONDS));
        c.binaryParts("12", "34");
        assertEquals("1234", streams.seen.poll(30, java.util.concurrent.TimeUnit.SECONDS));
    }

    @ServerEndpoint("/numbers")
    public static class Numbers {
        final List<Throwable> errors = new ArrayList<>();

        @OnMessage public int twice(int n) { return n * 2; }

        @OnError public void error(Throwable t) { errors.add(t); }
    }

    @Test
    void primitiveMessagesConvertAndPrimitiveReturnsAreSentAsText() throws Exception {
        Numbers numbers = new Numbers();
        TestConnection c = TestConnection.annotated(numbers, Map.of()).open();
        c.text("21");
        assertEquals(List.of("text:42"), c.ws.sent());
        c.text("not a number");
        assertEquals(1, numbers.errors.size());
        assertInstanceOf(DecodeException.class, numbers.errors.get(0));
        assertTrue(c.session().isOpen(), "a decode error does not close the session");
    }

    public static class Point {
        final int x, y;
        public Point(int x, int y) { this.x = x; this.y = y; }
    }

    public static class PointDecoder implements Decoder.Text<Point> {
        static final List<String> lifecycle = new ArrayList<>();
        @Override public void init(EndpointConfig config) { lifecycle.add("init"); }
        @Override public void destroy() { lifecycle.add("destroy"); }
        @Override public Point decode(String s) throws DecodeException {
            String[] xy = s.split(",");
            try {
                return new Point(Integer.parseInt(xy[0]), Integer.parseInt(xy[1]));
            } catch (RuntimeException e) {
                throw new DecodeException(s, "not a point", e);
            }
        }
        @Override public boolean willDecode(String s) { return s.contains(","); }
    }

    public static class PointEncoder implements Encoder.Text<Point> {
        static final List<String> lifecycle = new ArrayList<>();
        @Override public void init(EndpointConfig config) { lifecycle.add("init"); }
        @Override public void destroy() { lifecycle.add("destroy"); }
        @Override public String encode(Point p) { return "(" + p.x + ";" + p.y + ")"; }
    }

    public static class FailingEncoder implements Encoder.Binary<StringBuilder> {
        @Override public ByteBuffer encode(StringBuilder s) throws EncodeException { throw new EncodeException(s, "refused"); }
    }

    @ServerEndpoint(value = "/points", decoders = PointDecoder.class, encoders = {PointEncoder.class, FailingEncoder.class})
    public static class Points {
        final List<Throwable> errors = new ArrayList<>();

        @OnMessage public Object move(Point p) {
            if (p.x < 0) return new StringBuilder("fails to encode");
            return new Point(p.x + 1, p.y + 1);
        }

        @OnError public void error(Throwable t) { errors.add(t); }
    }

    @Test
    void decodersAndEncodersWithTheirLifecycle() throws Exception {
        PointDecoder.lifecycle.clear();
        PointEncoder.lifecycle.clear();
        Points points = new Points();
        TestConnection c = TestConnection.annotated(points, Map.of()).open();
        assertEquals(List.of("init"), PointDecoder.lifecycle);
        assertEquals(List.of("init"), PointEncoder.lifecycle);
        c.text("1,2");
        assertEquals(List.of("text:(2;3)"), c.ws.sent());
        c.text("no comma");          // willDecode refuses: no decoder takes it
        c.text("-5,1");              // the return value fails to encode
        assertEquals(2, points.errors.size());
        assertInstanceOf(DecodeException.class, points.errors.get(0));
        assertInstanceOf(EncodeException.class, points.errors.get(1));
        c.closedByPeer(1000, "");
        assertEquals(List.of("init", "destroy"), PointDecoder.lifecycle);
        assertEquals(List.of("init", "destroy"), PointEncoder.lifecycle);
    }

    @ServerEndpoint("/fails")
    public static class FailsToOpen {
        final List<String> events = new ArrayList<>();
        @OnOpen public void open() { throw new IllegalStateException("nope"); }
        @OnError public void error(Throwable t) { events.add("error:" + t.getMessage()); }
        @OnClose public void close(CloseReason r) { events.add("close:" + r.getCloseCode().getCode()); }
    }

    @Test
    void anOnOpenFailureGoesToOnErrorAndClosesWith1011() throws Exception {
        FailsToOpen endpoint = new FailsToOpen();
        TestConnection c = TestConnection.annotated(endpoint, Map.of()).open();
        assertEquals(List.of("error:nope"), endpoint.events);
        assertEquals(1011, c.ws.closeCode);
        c.closedByPeer(1011, "");
        assertEquals(List.of("error:nope", "close:1011"), endpoint.events);
    }

    @ServerEndpoint("/closefails")
    public static class CloseFails {
        final List<String> events = new ArrayList<>();
        @OnClose public void close() { throw new IllegalStateException("close failed"); }
        @OnError public void error(Session session, Throwable t) { events.add("error:" + t.getMessage()); }
    }

    @Test
    void anOnCloseFailureGoesToOnError() throws Exception {
        CloseFails endpoint = new CloseFails();
        TestConnection c = TestConnection.annotated(endpoint, Map.of()).open();
        c.closedByPeer(1000, "");
        assertEquals(List.of("error:close failed"), endpoint.events);
    }

    @ServerEndpoint("/limited")
    public static class Limited {
        final List<Throwable> errors = new ArrayList<>();
        @OnMessage(maxMessageSize = 4) public void text(String s) {}
        @OnError public void error(Throwable t) { errors.add(t); }
    }

    @Test
    void maxMessageSizeIsHandedToTheEngine() throws Exception {
        // The engine refuses a longer message with 1009 from its frame headers, before buffering anything
        // (MessageLimitTest shows it on real containers); this layer only has to pass the limit on.
        Limited endpoint = new Limited();
        TestConnection c = TestConnection.annotated(endpoint, Map.of()).open();
        assertEquals(4, c.session().getMaxTextMessageBufferSize());
        assertEquals(4, c.ws.policy().maxTextMessageSize());
    }

    @ServerEndpoint("/badpath/{n}")
    public static class BadPath {
        final List<Throwable> errors = new ArrayList<>();
        @OnOpen public void open(@PathParam("n") int n) {}
        @OnError public void error(Throwable t) { errors.add(t); }
    }

    @Test
    void anUnconvertiblePathParameterIsADecodeExceptionForOnError() throws Exception {
        BadPath endpoint = new BadPath();
        TestConnection.annotated(endpoint, Map.of("n", "x")).open();
        assertEquals(1, endpoint.errors.size());
        assertInstanceOf(DecodeException.class, endpoint.errors.get(0));
    }

    @ServerEndpoint("/closing")
    public static class ClosesInHandler {
        @OnMessage public String text(String s, Session session) throws IOException {
            session.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "done"));
            return "never sent";
        }
        final List<String> events = new ArrayList<>();
        @OnClose public void close(CloseReason r) { events.add(r.getReasonPhrase()); }
        @OnError public void error(Throwable t) { events.add("error:" + t.getClass().getSimpleName()); }
    }

    @Test
    void aReturnValueAfterCloseIsNotSentAndTheFailureGoesToOnError() throws Exception {
        ClosesInHandler endpoint = new ClosesInHandler();
        TestConnection c = TestConnection.annotated(endpoint, Map.of()).open();
        c.text("x");
        assertEquals(List.of(), c.ws.sent());
        assertEquals(1000, c.ws.closeCode);
        assertEquals(List.of("error:SessionException"), endpoint.events);
        c.closedByPeer(1000, "done");
        assertEquals("done", endpoint.events.get(1));
    }
}
