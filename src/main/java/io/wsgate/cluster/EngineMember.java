package io.wsgate.cluster;

import io.wsgate.engine.SendCallback;
import io.wsgate.engine.WebSocketSession;

import java.nio.ByteBuffer;

/** A {@link Member} over the engine API: sends straight into the connection's bounded queue. */
final class EngineMember implements Member {

    private final WebSocketSession session;
    private final String user;

    EngineMember(WebSocketSession session, String user) {
        this.session = session;
        this.user = user;
    }

    @Override
    public String user() { return user; }

    @Override
    public void sendText(String text, SendCallback done) { session.sendText(text, done); }

    @Override
    public void sendBinary(ByteBuffer data, SendCallback done) { session.sendBinary(data, done); }

    @Override
    public boolean isOpen() { return session.isOpen(); }
}
