package io.wsgate.jakarta.remote;

import io.wsgate.jakarta.session.Log;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;

import java.nio.ByteBuffer;

/** An asynchronous send completed through the application's {@link SendHandler}. */
final class HandlerSend extends PendingSend {

    private final Session session;
    private final SendHandler handler;
    /** A buffer whose position moves to its limit once sent, or null. */
    private final ByteBuffer sent;

    HandlerSend(Session session, SendHandler handler, ByteBuffer sent) {
        this.session = session;
        this.handler = handler;
        this.sent = sent;
    }

    @Override
    protected void onCompleted(Throwable failure) {
        if (failure == null && sent != null) RemoteBase.consumed(sent);
        SendResult result = failure == null ? new SendResult(session) : new SendResult(session, failure);
        try {
            handler.onResult(result);
        } catch (RuntimeException | Error e) {
            Log.LOG.log(System.Logger.Level.WARNING, "SendHandler " + handler.getClass().getName() + " failed", e);
        }
    }
}
