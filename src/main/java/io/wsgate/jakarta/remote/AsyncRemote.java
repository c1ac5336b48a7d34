package io.wsgate.jakarta.remote;

import io.wsgate.jakarta.session.EncoderSet;
import io.wsgate.jakarta.session.WsgateSession;
import jakarta.websocket.EncodeException;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Future;

/**
 * Asynchronous sends, completed through a {@link SendHandler} or a {@link Future}. The send timeout starts at
 * the container's default and applies to each message; on expiry the send fails and the connection is aborted.
 */
public final class AsyncRemote extends RemoteBase implements RemoteEndpoint.Async {

    private volatile long sendTimeout;

    public AsyncRemote(WsgateSession session, long sendTimeout) {
        super(session);
        this.sendTimeout = sendTimeout;
    }

    @Override
    public long getSendTimeout() {
        return sendTimeout;
    }

    @Override
    public void setSendTimeout(long timeoutmillis) {
        this.sendTimeout = timeoutmillis;
    }

    @Override
    public void sendText(String text, SendHandler handler) {
        if (text == null) throw new IllegalArgumentException("text must not be null");
        if (handler == null) throw new IllegalArgumentException("handler must not be null");
        session.outbound().text(text, false, sendTimeout, new HandlerSend(session, handler, null));
    }

    @Override
    public Future<Void> sendText(String text) {
        if (text == null) throw new IllegalArgumentException("text must not be null");
        SendFuture future = new SendFuture();
        session.outbound().text(text, false, sendTimeout, future);
        return future;
    }

    @Override
    public Future<Void> sendBinary(ByteBuffer data) {
        if (data == null) throw new IllegalArgumentException("data must not be null");
        SendFuture future = new SendFuture(data);
        session.outbound().binary(data.duplicate(), false, sendTimeout, future);
        return future;
    }

    @Override
    public void sendBinary(ByteBuffer data, SendHandler handler) {
        if (data == null) throw new IllegalArgumentException("data must not be null");
        if (handler == null) throw new IllegalArgumentException("handler must not be null");
        session.outbound().binary(data.duplicate(), false, sendTimeout, new HandlerSend(session, handler, data));
    }

    @Override
    public Future<Void> sendObject(Object data) {
        if (data == null) throw new IllegalArgumentException("data must not be null");
        SendFuture future = new SendFuture();
        sendEncoded(data, future);
        return future;
    }

    @Override
    public void sendObject(Object data, SendHandler handler) {
        if (data == null) throw new IllegalArgumentException("data must not be null");
        if (handler == null) throw new IllegalArgumentException("handler must not be null");
        sendEncoded(data, new HandlerSend(session, handler, null));
    }

    private void sendEncoded(Object data, PendingSend send) {
        EncoderSet.Encoded encoded;
        try {
            encoded = session.encode(data);
        } catch (EncodeException | IOException | RuntimeException e) {
            send.completed(e);
            return;
        }
        if (encoded.text() != null) session.outbound().text(encoded.text(), false, sendTimeout, send);
        else session.outbound().binary(encoded.binary(), false, sendTimeout, send);
    }
}
