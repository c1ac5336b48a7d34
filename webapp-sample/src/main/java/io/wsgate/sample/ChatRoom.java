package io.wsgate.sample;

import io.wsgate.cluster.Hub;
import io.wsgate.cluster.Member;
import io.wsgate.cluster.PresenceEvent;
import io.wsgate.engine.SendCallback;
import jakarta.websocket.Session;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one chat room, on the application's cluster {@link Hub}: messages go to the topic {@value #TOPIC} (every node's
 * members get them), who is online is the topic's presence across nodes, and each node keeps the last
 * {@value #HISTORY} messages it heard (since it started) for newcomers. Static, as the endpoint instances are per
 * connection; the home and status pages read it too.
 */
final class ChatRoom {

    static final String TOPIC = "chat";
    static final int HISTORY = 50;

    private static final Map<Session, String> MEMBERS = new ConcurrentHashMap<>();
    private static final Deque<String> RECENT = new ArrayDeque<>();
    private static volatile Hub hub;

    private ChatRoom() {}

    /** Joins the hub: records the history from the topic, and tells this node's members when presence changes. */
    static void start(Hub applicationHub) {
        MEMBERS.clear();
        synchronized (RECENT) {
            RECENT.clear();
        }
        hub = applicationHub;
        hub.subscribe(new HistoryRecorder(), TOPIC);
        hub.addPresenceListener(ChatRoom::presenceChanged);
    }

    static void join(Session session, String user) {
        String history;
        synchronized (RECENT) {
            history = "{\"type\":\"history\",\"messages\":[" + String.join(",", RECENT) + "]}";
        }
        Live.send(session, history);
        MEMBERS.put(session, user);
        // subscribed under the signed-in name; unsubscribed by the hub when the session closes
        hub.subscribe(hub.register(Member.of(session, user)), TOPIC);
        Live.send(session, presence());    // the user may be present already (another tab, another node): no event
    }

    static void leave(Session session) {
        MEMBERS.remove(session);
    }

    static void say(String user, String text) {
        String message = "{\"type\":\"message\",\"user\":" + Html.json(user) + ",\"text\":" + Html.json(text)
                + ",\"time\":" + System.currentTimeMillis() + "}";
        hub.publish(TOPIC, message);
    }

    /** The distinct names of the users in the room on any node, sorted. */
    static List<String> onlineUsers() {
        Hub current = hub;
        return current == null ? List.of() : new ArrayList<>(current.presence(TOPIC));
    }

    static Map<Session, String> members() {
        return Map.copyOf(MEMBERS);
    }

    private static void presenceChanged(PresenceEvent event) {
        if (!event.topic().equals(TOPIC)) return;
        String json = presence();
        for (Session session : MEMBERS.keySet()) Live.send(session, json);
    }

    private static String presence() {
        List<String> quoted = new ArrayList<>();
        for (String user : onlineUsers()) quoted.add(Html.json(user));
        return "{\"type\":\"presence\",\"users\":[" + String.join(",", quoted) + "]}";
    }

    /** An anonymous member of the topic that keeps what it hears as this node's history. */
    private static final class HistoryRecorder implements Member {
        @Override
        public String user() { return null; }

        @Override
        public void sendText(String text, SendCallback done) {
            synchronized (RECENT) {
                RECENT.addLast(text);
                while (RECENT.size() > HISTORY) RECENT.removeFirst();
            }
            done.completed(null);
        }

        @Override
        public void sendBinary(ByteBuffer data, SendCallback done) { done.completed(null); }

        @Override
        public boolean isOpen() { return true; }
    }
}
