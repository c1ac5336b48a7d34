package io.wsgate.jakarta.session;

import java.nio.ByteBuffer;

/**
 * The sink of a message its handler reads as a stream (a Reader, an InputStream, a stream decoder): the first
 * chunk starts the handler on a thread of its own, and every chunk, that one included, goes into the message's
 * {@link InboundStream}. After the first chunk the connection feeds this sink directly, outside the callback
 * serializer, since the handler reading the stream is the running callback.
 */
final class StreamSink implements MessageSink {

    /** What reads the message: the handler, with its conversion (a decoder) in front. */
    @FunctionalInterface
    interface Handler {
        void read(InboundStream message) throws Exception;
    }

    /** Starts {@code handler} on its own thread over a new stream, and returns the stream (JakartaConnection). */
    @FunctionalInterface
    interface Starter {
        InboundStream start(boolean text, Handler handler);
    }

    private final boolean text;
    private final Handler handler;
    private final Starter starter;
    private InboundStream stream;

    StreamSink(boolean text, Handler handler, Starter starter) {
        this.text = text;
        this.handler = handler;
        this.starter = starter;
    }

    @Override
    public void accept(ByteBuffer chunk, boolean last) {
        if (stream == null) stream = starter.start(text, handler);
        stream.push(chunk, last);
    }

    /** Whether the handler has been started: the rest of the message bypasses the serializer. */
    boolean started() {
        return stream != null;
    }
}
