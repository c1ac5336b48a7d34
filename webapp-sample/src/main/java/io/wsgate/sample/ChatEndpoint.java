package io.wsgate.sample;

import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

/**
 * The chat room for signed-in users: a newcomer gets the last 50 messages, everyone gets the list of who is online
 * whenever someone comes or goes. Messages from the browser are plain text; the server sends JSON.
 */
@ServerEndpoint(value = "/chat", configurator = UserConfigurator.class)
public final class ChatEndpoint {

    /** Longer messages are refused with 1009 by wsgate before they reach this class. */
    private static final int MAX_TEXT = 4096;

    private String user;

    @OnOpen
    public void open(Session session) {
        user = (String) session.getUserProperties().get(UserConfigurator.USER);
        if (user == null) {
            Live.refuse(session);
            return;
        }
        ChatRoom.join(session, user);
    }

    @OnMessage(maxMessageSize = MAX_TEXT)
    public void message(String text) {
        if (user != null && !text.isBlank()) ChatRoom.say(user, text.strip());
    }

    @OnClose
    public void close(Session session) {
        ChatRoom.leave(session);
    }

    @OnError
    public void error(Session session, Throwable failure) {
        ChatRoom.leave(session);
    }
}
