/**
 * wsgate's cluster {@link io.wsgate.cluster.Hub} across nodes on Redis pub/sub, through Jedis.
 * <p>
 * {@link io.wsgate.redis.RedisBroker} keeps two connections per node, each on a thread of its own: one subscribed to
 * the application's channel (every node's envelopes, this node's own included and ignored by the hub), one
 * publishing from a bounded queue (so publishing never waits for Redis) and sending this node's heartbeat. Both
 * reconnect on their own with a backoff. {@link io.wsgate.redis.RedisHubInitializer} installs it in an application
 * whose context parameter {@code wsgate.redis.uri} is set.
 */
package io.wsgate.redis;
