package io.wsgate.it.jakarta;

import jakarta.websocket.CloseReason;
import jakarta.websocket.DecodeException;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** Annotated endpoints for {@link AnnotatedEndpointTest}; each answers with what it received, so a client can check. */
final class AnnotatedEndpoints {

    private AnnotatedEndpoints() {}

    static final Class<?>[] ALL = { CallbackErrors.class,
            Params.class, ExactRoom.class, TemplateRoom.class, TextEcho.class, BytesEcho.class, BufferEcho.class,
            PartialText.class, ReaderEcho.class, StreamEcho.class, IntPlusOne.class, Pongs.class, Decoded.class,
            Small.class, CloseRecorder.class, DecodeErrors.class,
    };

    /** Path parameters as String, int and boxed Long, sent back on open. */
    @ServerEndpoint("/params/{s}/{i}/{boxed}")
    public static final class Params {
        @OnOpen
        public void open(Session session, @PathParam("s") String s, @PathParam("i") int i, @PathParam("boxed") Long boxed)
                throws IOException {
            session.getBasicRemote().sendText(s + "|" + (i + 1) + "|" + (boxed + 1) + "|" + session.getPathParameters());
        }
    }

    @ServerEndpoint("/rooms/lobby")
    public static final class ExactRoom {
        @OnOpen
        public void open(Session session) throws IOException { session.getBasicRemote().sendText("exact"); }
    }

    @ServerEndpoint("/rooms/{name}")
    public static final class TemplateRoom {
        @OnOpen
        public void open(Session session, @PathParam("name") String name) throws IOException {
            session.getBasicRemote().sendText("template:" + name);
        }
    }

    /** String in, return value out. */
    @ServerEndpoint("/text")
    public static final class TextEcho {
        @OnMessage
        public String message(String text) { return "text:" + text; }
    }

    @ServerEndpoint("/bytes")
    public static final class BytesEcho {
        @OnMessage
        public byte[] message(byte[] data) {
            byte[] out = new byte[data.length + 1];
            out[0] = 'b';
            System.arraycopy(data, 0, out, 1, data.length);
            return out;
        }
    }

    @ServerEndpoint("/buffer")
    public static final class BufferEcho {
        @OnMessage
        public ByteBuffer message(ByteBuffer data) {
            ByteBuffer out = ByteBuffer.allocate(data.remaining() + 1);
            out.put((byte) 'B').put(data).flip();
            return out;
        }
    }

    /** Partial text: counts the parts and answers the whole message on the last one. */
    @ServerEndpoint("/partial")
    public static final class PartialText {
        private final StringBuilder text = new StringBuilder();
        private int parts;

        @OnMessage
        public void part(Session session, String part, boolean last) throws IOException {
            text.append(part);
            parts++;
            if (last) {
                session.getBasicRemote().sendText(parts + ":" + text);
                text.setLength(0);
                parts = 0;
            }
        }
    }

    @ServerEndpoint("/reader")
    public static final class ReaderEcho {
        @OnMessage
        public String message(Reader reader) throws IOException {
            StringBuilder out = new StringBuilder("reader:");
            char[] buffer = new char[100];
            for (int n; (n = reader.read(buffer)) != -1; ) out.append(buffer, 0, n);
            return out.toString();
        }
    }

    @ServerEndpoint("/stream")
    public static final class StreamEcho {
        @OnMessage
        public String message(InputStream in) throws IOException {
            return "stream:" + in.readAllBytes().length;
        }
    }

    /** A primitive decoded from text, a primitive returned. */
    @ServerEndpoint("/int")
    public static final class IntPlusOne {
        @OnMessage
        public int message(int value) { return value + 1; }
    }

    @ServerEndpoint("/pong")
    public static final class Pongs {
        @OnMessage
        public void pong(Session session, PongMessage pong) throws IOException {
            ByteBuffer data = pong.getApplicationData();
            session.getBasicRemote().sendText("pong:" + StandardCharsets.UTF_8.decode(data));
        }
    }

    /** Text and binary decoders, and an encoder for the returned object. */
    @ServerEndpoint(value = "/decoded", decoders = {Point.TextDecoder.class, Point.BinaryDecoder.class},
            encoders = Point.TextEncoder.class)
    public static final class Decoded {
        @OnMessage
        public Point message(Point p) { return new Point(p.y(), p.x()); }
    }

    @ServerEndpoint("/small")
    public static final class Small {
        @OnMessage(maxMessageSize = 10)
        public String message(String text) { return text; }
    }

    /** Records the CloseReason its @OnClose receives, for the test to read. */
    @ServerEndpoint("/close-recorder")
    public static final class CloseRecorder {
        static final BlockingQueue<CloseReason> CLOSES = new LinkedBlockingQueue<>();

        @OnClose
        public void close(Session session, CloseReason reason) { CLOSES.add(reason); }
    }

    /** Reports the error its @OnError receives to the client; the session stays open after a DecodeException. */
    @ServerEndpoint(value = "/decode-errors", decoders = Point.BinaryDecoder.class)
    public static final class DecodeErrors {
        @OnMessage
        public String message(Point p) { return "point:" + p.x() + "," + p.y(); }

        @OnError
        public void error(Session session, Throwable error) throws IOException {
            session.getBasicRemote().sendText("error:" + error.getClass().getSimpleName() + ":"
                    + (error instanceof DecodeException ? "decode" : String.valueOf(error.getMessage())));
        }
    }

    /**
     * Its @OnMessage throws what the client names; @OnError reports the type and message it receives, and for a
     * SessionException the cause's type and whether it carries this session.
     */
    @ServerEndpoint("/callback-errors")
    public static final class CallbackErrors {
        @OnMessage
        public void message(String text) throws Exception {
            switch (text) {
                case "checked" -> throw new java.util.concurrent.TimeoutException("checked failure");
                case "runtime" -> throw new IllegalStateException("runtime failure");
                default -> throw new java.io.EOFException("io failure");
            }
        }

        @OnError
        public void error(Session session, Throwable error) throws IOException {
            String seen = error.getClass().getSimpleName() + ":" + error.getMessage();
            if (error instanceof jakarta.websocket.SessionException se) {
                seen += " cause=" + se.getCause().getClass().getSimpleName() + " session=" + (se.getSession() == session);
            }
            session.getBasicRemote().sendText(seen);
        }
    }
}
