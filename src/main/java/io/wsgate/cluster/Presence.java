package io.wsgate.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who is subscribed to which topic: this node's users (counted per session) and what each other node last said of
 * its own (join and leave events, replaced whole by each heartbeat). A user is present on a topic while any node has
 * it; every method adds to {@code events} the changes of that, to be told outside this object's lock.
 */
final class Presence {

    private final Map<String, Map<String, Integer>> local = new HashMap<>();
    private final Map<String, RemoteNode> remote = new HashMap<>();

    private static final class RemoteNode {
        long lastSeen;
        Map<String, Set<String>> topics = new HashMap<>();
    }

    /** A session of {@code user} subscribed; true if it is the user's first on this node (others must hear of it). */
    synchronized boolean localJoin(String topic, String user, List<PresenceEvent> events) {
        boolean before = present(topic, user);
        int count = local.computeIfAbsent(topic, t -> new HashMap<>()).merge(user, 1, Integer::sum);
        if (!before) events.add(new PresenceEvent(topic, user, true));
        return count == 1;
    }

    /** A session of {@code user} left; true if it was the user's last on this node. */
    synchronized boolean localLeave(String topic, String user, List<PresenceEvent> events) {
        Map<String, Integer> users = local.get(topic);
        if (users == null || !users.containsKey(user)) return false;
        int count = users.merge(user, -1, Integer::sum);
        if (count > 0) return false;
        users.remove(user);
        if (users.isEmpty()) local.remove(topic);
        if (!present(topic, user)) events.add(new PresenceEvent(topic, user, false));
        return true;
    }

    synchronized Map<String, Set<String>> localSnapshot() {
        Map<String, Set<String>> snapshot = new HashMap<>();
        local.forEach((topic, users) -> snapshot.put(topic, new HashSet<>(users.keySet())));
        return snapshot;
    }

    /** Notes that {@code node} was heard from; true if it was unknown (so it should hear this node's presence). */
    synchronized boolean seen(String node, long now) {
        RemoteNode known = remote.get(node);
        if (known != null) {
            known.lastSeen = now;
            return false;
        }
        RemoteNode added = new RemoteNode();
        added.lastSeen = now;
        remote.put(node, added);
        return true;
    }

    synchronized void remoteJoin(String node, String topic, String user, List<PresenceEvent> events) {
        RemoteNode known = remote.get(node);
        if (known == null) return;
        boolean before = present(topic, user);
        known.topics.computeIfAbsent(topic, t -> new HashSet<>()).add(user);
        if (!before) events.add(new PresenceEvent(topic, user, true));
    }

    synchronized void remoteLeave(String node, String topic, String user, List<PresenceEvent> events) {
        RemoteNode known = remote.get(node);
        Set<String> users = known == null ? null : known.topics.get(topic);
        if (users == null || !users.remove(user)) return;
        if (users.isEmpty()) known.topics.remove(topic);
        if (!present(topic, user)) events.add(new PresenceEvent(topic, user, false));
    }

    /** {@code node}'s whole presence, replacing what was known of it. */
    synchronized void remoteSnapshot(String node, Map<String, Set<String>> topics, List<PresenceEvent> events) {
        RemoteNode known = remote.get(node);
        if (known == null) return;
        replace(known, topics, events);
    }

    /** {@code node} stopped: its users leave. */
    synchronized void remoteGone(String node, List<PresenceEvent> events) {
        RemoteNode known = remote.get(node);
        if (known == null) return;
        replace(known, Map.of(), events);
        remote.remove(node);
    }

    /** Forgets the nodes not heard from since {@code oldest}: crashed, or cut off from the broker. */
    synchronized void expire(long oldest, List<PresenceEvent> events) {
        for (String node : new ArrayList<>(remote.keySet())) {
            if (remote.get(node).lastSeen - oldest < 0) remoteGone(node, events);
        }
    }

    private void replace(RemoteNode known, Map<String, Set<String>> topics, List<PresenceEvent> events) {
        Map<String, Set<String>> old = known.topics;
        Set<Map.Entry<String, String>> pairs = new HashSet<>();
        old.forEach((topic, users) -> users.forEach(user -> pairs.add(Map.entry(topic, user))));
        topics.forEach((topic, users) -> users.forEach(user -> pairs.add(Map.entry(topic, user))));
        Set<Map.Entry<String, String>> presentBefore = new HashSet<>();
        for (Map.Entry<String, String> pair : pairs) {
            if (present(pair.getKey(), pair.getValue())) presentBefore.add(pair);
        }
        Map<String, Set<String>> copy = new HashMap<>();
        topics.forEach((topic, users) -> { if (!users.isEmpty()) copy.put(topic, new HashSet<>(users)); });
        known.topics = copy;
        for (Map.Entry<String, String> pair : pairs) {
            boolean now = present(pair.getKey(), pair.getValue());
            if (now != presentBefore.contains(pair)) events.add(new PresenceEvent(pair.getKey(), pair.getValue(), now));
        }
    }

    /** The users subscribed to {@code topic} on any node, sorted. */
    synchronized Set<String> users(String topic) {
        Set<String> users = new TreeSet<>();
        Map<String, Integer> here = local.get(topic);
        if (here != null) users.addAll(here.keySet());
        for (RemoteNode node : remote.values()) {
            Set<String> there = node.topics.get(topic);
            if (there != null) users.addAll(there);
        }
        return users;
    }

    synchronized Set<String> nodes() {
        return new TreeSet<>(remote.keySet());
    }

    private boolean present(String topic, String user) {
        Map<String, Integer> here = local.get(topic);
        if (here != null && here.containsKey(user)) return true;
        for (RemoteNode node : remote.values()) {
            Set<String> there = node.topics.get(topic);
            if (there != null && there.contains(user)) return true;
        }
        return false;
    }
}
