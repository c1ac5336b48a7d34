/**
 * Topics, users and presence across the nodes of a cluster: what the Jakarta WebSocket API lacks for broadcast.
 * <p>
 * {@link io.wsgate.cluster.Hub} is what applications use: subscribe a session to a topic, publish text or binary to
 * it, send to every session of a user, and see who is subscribed to a topic (with join and leave events). Sessions
 * are forgotten when they close. Delivery to this node's sessions goes through each session's bounded outbound queue
 * (asynchronous sends: a slow session never blocks the publisher; a send it refuses is counted).
 * <p>
 * A {@link io.wsgate.cluster.Broker} carries what one node publishes to the others. The core jar holds only
 * {@link io.wsgate.cluster.InMemoryBroker} (one node, nothing to carry); the {@code wsgate-redis} module holds one on
 * Redis pub/sub. Brokers exchange opaque envelopes ({@link io.wsgate.cluster.Envelope}); presence across nodes is kept
 * here, from join and leave events and periodic snapshots (heartbeats) of each node, so a broker only transports
 * bytes and calls {@link io.wsgate.cluster.Broker.Node#heartbeat(long)} on its timer.
 */
package io.wsgate.cluster;
