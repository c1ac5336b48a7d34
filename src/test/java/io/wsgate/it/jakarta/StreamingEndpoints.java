package io.wsgate.it.jakarta;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Decoder;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Endpoints that show a message is delivered as it arrives: each answers as soon as it has read the first part,
 * before the peer sends the rest (the peer waits for that answer), then answers what it read in all.
 */
final class StreamingEndpoints {

    static final Class<?>[] ALL = {ReaderFirst.class, StreamFirst.class, Decoded.class, PartialText.class,
            PartialBinary.class, Recorded.class, CountChars.class, Progress.class};

    private StreamingEndpoints() {}

    @ServerEndpoint("/streaming/reader")
    public static final class ReaderFirst {
        @OnMessage
        public String message(Reader reader, Session session) throws IOException {
            char[] buffer = new char[8192];
            int n = reader.read(buffer);
            session.getBasicRemote().sendText("first:" + new String(buffer, 0, n));
            long total = n;
            while ((n = reader.read(buffer)) != -1) total += n;
            return "total:" + total;
        }
    }

    @ServerEndpoint("/streaming/stream")
    public static final class StreamFirst {
        @OnMessage
        public String message(InputStream in, Session session) throws IOException {
            byte[] buffer = new byte[8192];
            int n = in.read(buffer);
            session.getBasicRemote().sendText("first:" + n);
            long total = n;
            while ((n = in.read(buffer)) != -1) total += n;
            return "total:" + total;
        }
    }

    /** What a stream decoder read first, by the time the peer sends the rest (one test at a time uses it). */
    static final BlockingQueue<String> decoderFirstReads = new LinkedBlockingQueue<>();

    public record Count(long chars) {}

    public static final class CountDecoder implements Decoder.TextStream<Count> {
        @Override
        public Count decode(Reader reader) throws IOException {
            char[] buffer = new char[8192];
            int n = reader.read(buffer);
            decoderFirstReads.add(new String(buffer, 0, n));
            long total = n;
            while ((n = reader.read(buffer)) != -1) total += n;
            return new Count(total);
        }
        @Override public void init(EndpointConfig config) {}
        @Override public void destroy() {}
    }

    @ServerEndpoint(value = "/streaming/decoded", decoders = CountDecoder.class)
    public static final class Decoded {
        @OnMessage
        public String message(Count count) {
            return "decoded:" + count.chars();
        }
    }

    @ServerEndpoint("/streaming/partial-text")
    public static final class PartialText {
        @OnMessage
        public void part(String part, boolean last, Session session) throws IOException {
            session.getBasicRemote().sendText("part:" + part + ":" + last);
        }
    }

    @ServerEndpoint("/streaming/partial-binary")
    public static final class PartialBinary {
        @OnMessage
        public void part(ByteBuffer part, boolean last, Session session) throws IOException {
            session.getBasicRemote().sendText("part:" + part.remaining() + ":" + last);
        }
    }

    /** What the {@link Recorded} endpoint went through, in order (one test at a time uses it). */
    static final BlockingQueue<String> recorded = new LinkedBlockingQueue<>();

    /** Reads a text message, answering after the first read; records how the read ended, errors and the close. */
    @ServerEndpoint("/streaming/recorded")
    public static final class Recorded {
        @OnMessage
        public void message(Reader reader, Session session) {
            char[] buffer = new char[8192];
            try {
                int n = reader.read(buffer);
                session.getBasicRemote().sendText("first:" + new String(buffer, 0, n));
                while (reader.read(buffer) != -1) {
                    // reads to the end, or to the failure
                }
                recorded.add("end");
            } catch (IOException e) {
                recorded.add("read failed: " + e.getClass().getSimpleName());
            }
        }

        @OnError
        public void error(Throwable failure) {
            recorded.add("error");
        }

        @OnClose
        public void close(CloseReason reason) {
            recorded.add("close " + reason.getCloseCode().getCode());
        }
    }

    /**
     * Reads a long text message, answering "got:N" each time it has read another 100,000 characters and when it
     * has read all that arrived so far, then "total:N" at the end.
     */
    @ServerEndpoint("/streaming/progress")
    public static final class Progress {
        @OnOpen
        public void open(Session session) {
            session.setMaxTextMessageBufferSize(16 << 20);
        }

        @OnMessage
        public String message(Reader reader, Session session) throws IOException {
            char[] buffer = new char[8192];
            long total = 0;
            long next = 100_000;
            for (int n; (n = reader.read(buffer)) != -1; ) {
                total += n;
                if (total >= next || !reader.ready()) {
                    session.getBasicRemote().sendText("got:" + total);
                    while (next <= total) next += 100_000;
                }
            }
            return "total:" + total;
        }
    }

    /** Counts the characters of a text message of up to 128 MiB and answers the count. */
    @ServerEndpoint("/streaming/count")
    public static final class CountChars {
        @OnOpen
        public void open(Session session) {
            // The size limit applies to streamed messages too (maxMessageSize is for whole String/byte[] methods).
            session.setMaxTextMessageBufferSize(128 << 20);
        }

        @OnMessage
        public String count(Reader reader) throws IOException {
            char[] buffer = new char[8192];
            long total = 0;
            for (int n; (n = reader.read(buffer)) != -1; ) total += n;
            return Long.toString(total);
        }
    }
}
