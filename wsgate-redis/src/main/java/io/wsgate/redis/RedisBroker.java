package io.wsgate.redis;

import io.wsgate.cluster.Broker;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link Broker} on Redis pub/sub: envelopes go to one channel per application, which every node subscribes to.
 *
 * <p>Semantics: at most once. {@link #publish} only queues (bounded by {@link RedisSettings#publishQueue()}) and never
 * waits for Redis; while the publishing connection is down, or the queue is full, envelopes are dropped and counted,
 * and each outage is logged once when it starts and once when it ends. Both connections reconnect (and resubscribe)
 * by themselves with a backoff from 100 ms to 5 s. The subscriber hears at least this node's own heartbeat every
 * interval, so a connection that silently died is noticed after three intervals without a message.
 */
public final class RedisBroker implements Broker {

    static final System.Logger LOG = System.getLogger("io.wsgate.redis");

    private final RedisSettings settings;
    final LongAdder published = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder received = new LongAdder();
    final LongAdder resubscribes = new LongAdder();
    private RedisPublisher publisher;
    private RedisSubscriber subscriber;
    private boolean subscriberUp;
    private boolean publisherUp;

    public RedisBroker(RedisSettings settings) {
        this.settings = settings;
    }

    public RedisSettings settings() { return settings; }

    @Override
    public synchronized void start(Node node) {
        if (publisher != null) throw new IllegalStateException("already started");
        publisher = new RedisPublisher(settings, node, this);
        subscriber = new RedisSubscriber(settings, node, this);
        publisher.start();
        subscriber.start();
        LOG.log(System.Logger.Level.INFO, "wsgate node " + node.id() + " on " + settings);
    }

    @Override
    public void publish(byte[] envelope) {
        publisher.offer(envelope);
    }

    /** Stops both threads; what is still queued gets up to a second to reach Redis (this node's goodbye, mostly). */
    @Override
    public void close() {
        RedisPublisher p;
        RedisSubscriber s;
        synchronized (this) {
            p = publisher;
            s = subscriber;
        }
        if (p == null) return;
        p.stop(Duration.ofSeconds(1));
        s.stop();
    }

    /** Counters since start. */
    public record Stats(long published, long dropped, long received, long resubscribes) {}

    public Stats stats() {
        return new Stats(published.sum(), dropped.sum(), received.sum(), resubscribes.sum());
    }

    synchronized void subscriberUp(boolean up) {
        subscriberUp = up;
        if (up) subscriptions++;
        notifyAll();
    }

    private long subscriptions;

    /** Waits until the channel was subscribed {@code count} times in all (1: the first; 2: after one reconnection). */
    public synchronized boolean awaitSubscriptions(long count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (subscriptions < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    synchronized void publisherUp(boolean up) {
        publisherUp = up;
        notifyAll();
    }

    /** Waits until both connections are up; false if they are not within {@code timeout}. */
    public synchronized boolean awaitConnected(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!(subscriberUp && publisherUp)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    public synchronized boolean isConnected() { return subscriberUp && publisherUp; }

    @Override
    public String toString() { return settings.toString(); }
}
