package io.wsgate.sample;

import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnOpen;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Diagnostic echo, no login needed: text comes back as text, binary as binary, up to 16 MiB a message. Only pages
 * of this application's origin may open it from a browser (wsgate's same-origin default); non-browser clients send
 * no Origin header and are let through.
 */
@ServerEndpoint("/echo")
public final class EchoEndpoint {

    static final long MAX_MESSAGE_SIZE = 16L * 1024 * 1024;

    private static final System.Logger LOG = System.getLogger(EchoEndpoint.class.getName());
    private static final Set<Session> OPEN = ConcurrentHashMap.newKeySet();

    @OnOpen
    public void open(Session session) {
        OPEN.add(session);
    }

    @OnMessage(maxMessageSize = MAX_MESSAGE_SIZE)
    public String text(String message) {
        return message;
    }

    @OnMessage(maxMessageSize = MAX_MESSAGE_SIZE)
    public ByteBuffer binary(ByteBuffer message) {
        return message;
    }

    @OnClose
    public void close(Session session) {
        OPEN.remove(session);
    }

    /** A client's protocol error (a message over 16 MiB: closed with 1009) is the client's problem, not ours. */
    @OnError
    public void error(Session session, Throwable failure) {
        LOG.log(System.Logger.Level.DEBUG, "echo session " + session.getId() + ": " + failure);
    }

    static int openCount() {
        return OPEN.size();
    }
}
