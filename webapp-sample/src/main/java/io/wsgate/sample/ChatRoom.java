package io.wsgate.sample;

import jakarta.websocket.Session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one chat room: who is connected (a user may have several tabs open) and the last {@value #HISTORY} messages.
 * Static, as the endpoint instances are per connection; the status page reads it too.
 */
final class ChatRoom {

    static final int HISTORY = 50;

    private static final Map<Session, String> MEMBERS = new ConcurrentHashMap<>();
    private static final Deque<String> RECENT = new ArrayDeque<>();

    private ChatRoom() {}

    static void join(Session session, String user) {
        String history;
        synchronized (RECENT) {
            history = "{\"type\":\"history\",\"messages\":[" + String.join(",", RECENT) + "]}";
        }
        Live.send(session, history);
        MEMBERS.put(session, user);
        broadcast(presence());
    }

    static void leave(Session session) {
        if (MEMBERS.remove(session) != null) broadcast(presence());
    }

    static void say(String user, String text) {
        String message = "{\"type\":\"message\",\"user\":" + Html.json(user) + ",\"text\":" + Html.json(text)
                + ",\"time\":" + System.currentTimeMillis() + "}";
        synchronized (RECENT) {
            RECENT.addLast(message);
            while (RECENT.size() > HISTORY) RECENT.removeFirst();
        }
        broadcast(message);
    }

    /** The distinct names of the users connected, sorted. */
    static List<String> onlineUsers() {
        return new ArrayList<>(new TreeSet<>(MEMBERS.values()));
    }

    static Map<Session, String> members() {
        return Map.copyOf(MEMBERS);
    }

    private static String presence() {
        List<String> quoted = new ArrayList<>();
        for (String user : onlineUsers()) quoted.add(Html.json(user));
        return "{\"type\":\"presence\",\"users\":[" + String.join(",", quoted) + "]}";
    }

    private static void broadcast(String json) {
        Collection<Session> sessions = MEMBERS.keySet();
        for (Session session : sessions) Live.send(session, json);
    }
}
