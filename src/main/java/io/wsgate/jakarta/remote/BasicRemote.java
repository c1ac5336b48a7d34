package io.wsgate.jakarta.remote;

import io.wsgate.jakarta.session.EncoderSet;
import io.wsgate.jakarta.session.WsgateSession;
import jakarta.websocket.EncodeException;
import jakarta.websocket.RemoteEndpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;

/**
 * Blocking sends: each returns when its message was handed to the container's output stream, or fails after the
 * session's blocking send timeout, so a client that stops reading never holds a thread forever. Called on an
 * engine thread (inside an endpoint callback) a send only queues, see {@link EngineThread}. Sends from several
 * threads are queued in order rather than refused.
 */
public final class BasicRemote extends RemoteBase implements RemoteEndpoint.Basic {

    public BasicRemote(WsgateSession session) {
        super(session);
    }

    @Override
    public void sendText(String text) throws IOException {
        if (text == null) throw new IllegalArgumentException("text must not be null");
        session.checkCanSend();
        BlockingSend send = session.blockingSend();
        session.outbound().text(text, true, session.blockingSendTimeout(), send);
        send.await();
    }

    @Override
    public void sendBinary(ByteBuffer data) throws IOException {
        if (data == null) throw new IllegalArgumentException("data must not be null");
        session.checkCanSend();
        BlockingSend send = session.blockingSend();
        session.outbound().binary(send.waits() && !session.outbound().isBatching() ? data.duplicate() : copy(data), true, session.blockingSendTimeout(), send);
        send.await();
        consumed(data);
    }

    @Override
    public void sendText(String partialMessage, boolean isLast) throws IOException {
        if (partialMessage == null) throw new IllegalArgumentException("partialMessage must not be null");
        session.checkCanSend();
        BlockingSend send = session.blockingSend();
        session.outbound().textPart(partialMessage, isLast, true, session.blockingSendTimeout(), send);
        send.await();
    }

    @Override
    public void sendBinary(ByteBuffer partialByte, boolean isLast) throws IOException {
        if (partialByte == null) throw new IllegalArgumentException("partialByte must not be null");
        session.checkCanSend();
        BlockingSend send = session.blockingSend();
        session.outbound().binaryPart(send.waits() && !session.outbound().isBatching() ? partialByte.duplicate() : copy(partialByte), isLast, true,
                session.blockingSendTimeout(), send);
        send.await();
        consumed(partialByte);
    }

    @Override
    public OutputStream getSendStream() throws IOException {
        session.checkCanSend();
        return new SendStream(this);
    }

    @Override
    public Writer getSendWriter() throws IOException {
        session.checkCanSend();
        return new SendWriter(this);
    }

    /**
     * Sends an @OnMessage method's return value as sendObject would, but returns once it is queued (a failure known
     * at once is thrown, a later one goes to onError): the method has returned, so no one waits for it. An echo
     * endpoint thus holds no thread while a slow client reads, and its queue stays within the outbound bound,
     * whereas an explicit Basic send inside the callback waits until written.
     */
    public void sendReturnValue(Object data) throws IOException, EncodeException {
        if (data == null) throw new IllegalArgumentException("data must not be null");
        EncoderSet.Encoded encoded = session.encode(data);
        session.checkCanSend();
        BlockingSend send = session.blockingSend();
        if (encoded.text() != null) {
            session.outbound().text(encoded.text(), true, session.blockingSendTimeout(), send);
        } else {
            session.outbound().binary(copy(encoded.binary()), true, session.blockingSendTimeout(), send);
        }
        send.detach();
    }

    @Override
    public void sendObject(Object data) throws IOException, EncodeException {
        if (data == null) throw new IllegalArgumentException("data must not be null");
        EncoderSet.Encoded encoded = session.encode(data);
        if (encoded.text() != null) sendText(encoded.text());
        else sendBinary(encoded.binary());
    }
}
