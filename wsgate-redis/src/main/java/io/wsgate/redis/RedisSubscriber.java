package io.wsgate.redis;

import io.wsgate.cluster.Broker;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The node's one subscribed connection and its thread: hands every envelope of the channel to the hub, and
 * resubscribes after any failure (Redis restarted, the connection killed, nothing heard for three heartbeats) with a
 * backoff. The hub delivers to local sessions by asynchronous sends, so a slow session never holds this thread.
 */
final class RedisSubscriber implements Runnable {

    private final RedisSettings settings;
    private final Broker.Node node;
    private final RedisBroker broker;
    private final byte[] channel;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Backoff backoff = new Backoff();
    private volatile Jedis current;
    private volatile BinaryJedisPubSub subscription;
    private boolean everSubscribed;
    private boolean outageLogged;

    RedisSubscriber(RedisSettings settings, Broker.Node node, RedisBroker broker) {
        this.settings = settings;
        this.node = node;
        this.broker = broker;
        this.channel = settings.channel().getBytes(StandardCharsets.UTF_8);
        this.thread = new Thread(this, "wsgate-redis-subscriber");
        thread.setDaemon(true);
    }

    void start() { thread.start(); }

    void stop() {
        stopped.countDown();
        BinaryJedisPubSub s = subscription;
        Jedis j = current;
        try {
            if (s != null && s.isSubscribed()) s.unsubscribe();
        } catch (RuntimeException ignored) {
            // the connection is broken: closing it below ends the subscribe call
        }
        if (j != null) {
            try {
                j.disconnect();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean stopping() { return stopped.getCount() == 0; }

    @Override
    public void run() {
        // a node publishes its heartbeat every interval, and hears its own: three intervals of silence mean a dead link
        int readTimeout = (int) Math.min(Integer.MAX_VALUE, settings.heartbeat().toMillis() * 3);
        try {
            while (!stopping()) {
                Exception failure = null;
                try (Jedis jedis = new Jedis(settings.uri(), 2_000, readTimeout)) {
                    current = jedis;
                    if (stopping()) break;
                    BinaryJedisPubSub pubsub = new Listener();
                    subscription = pubsub;
                    jedis.subscribe(pubsub, channel);      // returns when unsubscribed, throws when the link fails
                } catch (JedisException | IllegalArgumentException e) {
                    failure = e;
                } finally {
                    current = null;
                    broker.subscriberUp(false);
                }
                if (stopping()) break;
                if (!outageLogged) {
                    outageLogged = true;
                    RedisBroker.LOG.log(System.Logger.Level.WARNING, "lost the Redis subscription to "
                            + settings.channel() + " at " + settings.where() + " (" + failure
                            + "): messages from other nodes are missed until it is back; resubscribing with a backoff of up to "
                            + Backoff.MAX_MILLIS + " ms");
                }
                if (stopped.await(backoff.next(), TimeUnit.MILLISECONDS)) break;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Listener extends BinaryJedisPubSub {
        @Override
        public void onSubscribe(byte[] channel, int subscribedChannels) {
            backoff.reset();
            if (everSubscribed) {
                broker.resubscribes.increment();
                RedisBroker.LOG.log(System.Logger.Level.INFO, "resubscribed to " + settings.channel() + " at " + settings.where());
            }
            everSubscribed = true;
            outageLogged = false;
            broker.subscriberUp(true);
        }

        @Override
        public void onMessage(byte[] channel, byte[] message) {
            broker.received.increment();
            try {
                node.receive(message);
            } catch (RuntimeException e) {
                RedisBroker.LOG.log(System.Logger.Level.WARNING, "delivering a message from Redis failed", e);
            }
        }
    }
}
