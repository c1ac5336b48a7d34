package io.wsgate.cluster;

import io.wsgate.engine.SendCallback;
import io.wsgate.jakarta.session.WsgateSession;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;

import java.nio.ByteBuffer;

/**
 * A {@link Member} over a Jakarta session: sends through its asynchronous remote, so the session's send timeout and
 * outbound bound apply. wsgate's own sessions tell when they end; another container's cannot.
 */
final class JakartaMember implements Member {

    private final Session session;
    private final String user;

    JakartaMember(Session session, String user) {
        this.session = session;
        this.user = user;
    }

    @Override
    public String user() { return user; }

    @Override
    public void sendText(String text, SendCallback done) {
        session.getAsyncRemote().sendText(text, result -> done.completed(failure(result)));
    }

    @Override
    public void sendBinary(ByteBuffer data, SendCallback done) {
        session.getAsyncRemote().sendBinary(data, result -> done.completed(failure(result)));
    }

    private static Throwable failure(SendResult result) {
        return result.isOK() ? null : result.getException();
    }

    @Override
    public boolean isOpen() { return session.isOpen(); }

    @Override
    public void whenEnded(Runnable action) {
        if (session instanceof WsgateSession wsgate) wsgate.whenEnded(action);
    }

    @Override
    public String toString() { return "session " + session.getId() + (user != null ? " of " + user : ""); }
}
