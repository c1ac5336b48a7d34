package io.wsgate.redis;

import io.wsgate.cluster.Broker;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The publishing connection and its thread: drains the queue in order, publishes this node's heartbeat every
 * interval, and reconnects with a backoff. One connection, not a pool: it keeps a node's envelopes in order (a leave
 * never overtakes its join) and one thread writing to a local Redis is far from the bottleneck.
 */
final class RedisPublisher implements Runnable {

    private static final int TIMEOUT_MILLIS = 2_000;
    private static final byte[] STOP = new byte[0];

    private final RedisSettings settings;
    private final Broker.Node node;
    private final RedisBroker broker;
    private final byte[] channel;
    private final BlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final Backoff backoff = new Backoff();
    private volatile boolean up = true;           // until proven otherwise, so the first envelopes are queued
    private volatile boolean stopping;
    private long retryAt;
    private long downSince;
    private long droppedAtDown;
    private Jedis jedis;

    RedisPublisher(RedisSettings settings, Broker.Node node, RedisBroker broker) {
        this.settings = settings;
        this.node = node;
        this.broker = broker;
        this.channel = settings.channel().getBytes(StandardCharsets.UTF_8);
        this.thread = new Thread(this, "wsgate-redis-publisher");
        thread.setDaemon(true);
    }

    void start() { thread.start(); }

    /** Queues an envelope, or drops it (counted) while Redis is down or the queue is full. Never blocks. */
    void offer(byte[] envelope) {
        if (!up || stopping || queue.size() >= settings.publishQueue()) {
            broker.dropped.increment();
            return;
        }
        queue.add(envelope);
    }

    void stop(Duration grace) {
        stopping = true;
        queue.add(STOP);
        try {
            thread.join(grace.toMillis() + TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) thread.interrupt();
    }

    @Override
    public void run() {
        long interval = settings.heartbeat().toNanos();
        long nextHeartbeat = System.nanoTime();
        try {
            while (true) {
                // while down, wake for the next reconnection attempt too, so traffic resumes within the backoff
                long wakeAt = up ? nextHeartbeat : earliest(nextHeartbeat, retryAt);
                long wait = wakeAt - System.nanoTime();
                byte[] envelope = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : null;
                if (envelope == STOP) break;
                if (!up && jedis == null) connect();
                if (System.nanoTime() - nextHeartbeat >= 0) {
                    nextHeartbeat = System.nanoTime() + interval;
                    send(node.heartbeat(settings.presenceTtl().toMillis()));
                }
                if (envelope != null) send(envelope);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            RedisBroker.LOG.log(System.Logger.Level.ERROR, "the Redis publisher stopped on an unexpected failure", e);
        } finally {
            disconnect();
            broker.publisherUp(false);
        }
    }

    private static long earliest(long a, long b) { return a - b < 0 ? a : b; }

    private void send(byte[] envelope) {
        if (jedis == null && !connect()) {
            broker.dropped.increment();     // only while down: connect() failing takes it down first
            return;
        }
        try {
            jedis.publish(channel, envelope);
            broker.published.increment();
        } catch (JedisException e) {
            disconnect();
            // A connection that broke while idle (Redis restarted between two heartbeats) fails only when used:
            // one immediate retry on a new connection, so that envelope (a goodbye, say) is not lost to it.
            if (connect(true)) {
                try {
                    jedis.publish(channel, envelope);
                    broker.published.increment();
                    return;
                } catch (JedisException again) {
                    disconnect();
                    e = again;
                }
            }
            down(e);
            broker.dropped.increment();
        }
    }

    private boolean connect() {
        return connect(false);
    }

    private boolean connect(boolean now) {
        if (!now && System.nanoTime() - retryAt < 0) return false;
        try {
            jedis = new Jedis(settings.uri(), TIMEOUT_MILLIS, TIMEOUT_MILLIS);
            jedis.ping();
        } catch (JedisException | IllegalArgumentException e) {
            disconnect();
            down(e);
            return false;
        }
        backoff.reset();
        if (!up) {
            long dropped = broker.dropped.sum() - droppedAtDown;
            RedisBroker.LOG.log(System.Logger.Level.INFO, "Redis at " + settings.where() + " reachable again after "
                    + (System.nanoTime() - downSince) / 1_000_000 + " ms; " + dropped + " envelopes were dropped meanwhile");
        }
        up = true;
        broker.publisherUp(true);
        return true;
    }

    private void down(Exception cause) {
        retryAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff.next());
        if (!up) return;
        up = false;
        broker.publisherUp(false);
        downSince = System.nanoTime();
        droppedAtDown = broker.dropped.sum();
        // what was queued behind the failed envelope is stale by the time Redis is back: dropped, counted
        int stale = 0;
        for (byte[] e; (e = queue.poll()) != null; ) {
            if (e == STOP) {
                queue.add(STOP);
                break;
            }
            stale++;
        }
        broker.dropped.add(stale);
        RedisBroker.LOG.log(System.Logger.Level.WARNING, "Redis at " + settings.where() + " unreachable (" + cause
                + "): messages to other nodes are dropped until it is back; reconnecting with a backoff of up to "
                + Backoff.MAX_MILLIS + " ms");
    }

    private void disconnect() {
        if (jedis == null) return;
        try {
            jedis.close();
        } catch (RuntimeException ignored) {
            // the connection is gone either way
        }
        jedis = null;
    }
}
