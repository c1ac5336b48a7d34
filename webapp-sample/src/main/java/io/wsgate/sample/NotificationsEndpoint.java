package io.wsgate.sample;

import io.wsgate.cluster.Hub;
import io.wsgate.cluster.Member;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server push to every open page of every signed-in user, on every node: each page opens this endpoint through
 * live.js, which subscribes it to the hub's topic {@value #TOPIC}; the notice form ({@link NoticeServlet}) calls
 * {@link #publish}. The browser never sends anything here.
 */
@ServerEndpoint(value = "/notifications", configurator = UserConfigurator.class)
public final class NotificationsEndpoint {

    static final String TOPIC = "notices";

    private static final Map<Session, String> OPEN = new ConcurrentHashMap<>();
    private static volatile Hub hub;

    static void start(Hub applicationHub) {
        OPEN.clear();
        hub = applicationHub;
    }

    @OnOpen
    public void open(Session session) {
        Object user = session.getUserProperties().get(UserConfigurator.USER);
        if (user == null) {
            Live.refuse(session);
            return;
        }
        OPEN.put(session, (String) user);
        hub.subscribe(hub.register(Member.of(session, (String) user)), TOPIC);
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
        hub.publish(TOPIC, json);
    }

    static Map<Session, String> open() {
        return Map.copyOf(OPEN);
    }
}
