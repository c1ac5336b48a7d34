package io.wsgate.sample;

import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server push to every open page of every signed-in user: each page opens this endpoint through live.js, and the
 * notice form ({@link NoticeServlet}) calls {@link #publish}. The browser never sends anything here.
 */
@ServerEndpoint(value = "/notifications", configurator = UserConfigurator.class)
public final class NotificationsEndpoint {

    private static final Map<Session, String> OPEN = new ConcurrentHashMap<>();

    @OnOpen
    public void open(Session session) {
        Object user = session.getUserProperties().get(UserConfigurator.USER);
        if (user == null) {
            Live.refuse(session);
            return;
        }
        OPEN.put(session, (String) user);
    }

    @OnClose
    public void close(Session session) {
        OPEN.remove(session);
    }

    @OnError
    public void error(Session session, Throwable failure) {
        OPEN.remove(session);
    }

    static void publish(String from, String text) {
        String json = "{\"type\":\"notice\",\"user\":" + Html.json(from) + ",\"text\":" + Html.json(text) + "}";
        for (Session session : OPEN.keySet()) Live.send(session, json);
    }

    static Map<Session, String> open() {
        return Map.copyOf(OPEN);
    }
}
