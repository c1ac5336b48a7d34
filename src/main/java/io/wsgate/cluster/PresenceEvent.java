package io.wsgate.cluster;

/**
 * A user's first session on any node subscribed to a topic ({@code joined}), or the user's last one anywhere left
 * (it unsubscribed, closed, or its node stopped sending heartbeats).
 */
public record PresenceEvent(String topic, String user, boolean joined) {}
