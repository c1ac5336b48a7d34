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

    /**
     * Whether the API in use has WebSocket 2.2's {@code SendResult(Session...)} constructors: Tomcat 10.1's lib/ has
     * the 2.1 API, which the application sees instead of its own copy, and there only the older ones exist.
     */
    private static final boolean RESULT_HAS_SESSION = hasSessionConstructor();

    private static boolean hasSessionConstructor() {
        try {
            SendResult.class.getConstructor(Session.class);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    @SuppressWarnings("deprecation") // the 2.1 constructors, for the 2.1 API only
    private static SendResult result(Session session, Throwable failure) {
        if (RESULT_HAS_SESSION) return failure == null ? new SendResult(session) : new SendResult(session, failure);
        return failure == null ? new SendResult() : new SendResult(failure);
    }

    @Override
    protected void onCompleted(Throwable failure) {
        if (failure == null && sent != null) RemoteBase.consumed(sent);
        SendResult result = result(session, failure);
        try {
            handler.onResult(result);
        } catch (RuntimeException | Error e) {
            Log.LOG.log(System.Logger.Level.WARNING, "SendHandler " + handler.getClass().getName() + " failed", e);
        }
    }
}
