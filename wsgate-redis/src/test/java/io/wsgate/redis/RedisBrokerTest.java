package io.wsgate.redis;

import io.wsgate.cluster.Hub;
import io.wsgate.cluster.PresenceEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.params.ClientKillParams;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two nodes in one JVM (two hubs, each with its own {@link RedisBroker}) on a real redis-server: topics both ways,
 * once per subscriber; send-to-user; presence across nodes; a node leaving, a node crashing (its users expire within
 * the TTL); Redis killed and started again, and the subscription killed (traffic resumes).
 */
class RedisBrokerTest {

    private static final Duration HEARTBEAT = Duration.ofMillis(300);
    private static final Duration TTL = Duration.ofMillis(2_000);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private RedisServerProcess redis;
    private final List<Hub> hubs = new ArrayList<>();
    private final List<RedisBroker> brokers = new ArrayList<>();

    @BeforeEach
    void startRedis() throws Exception {
        redis = new RedisServerProcess();
    }

    @AfterEach
    void stop() throws Exception {
        hubs.forEach(Hub::close);
        brokers.forEach(RedisBroker::close);
        redis.close();
    }

    private RedisBroker broker() {
        return broker(HEARTBEAT, TTL);
    }

    private RedisBroker broker(Duration heartbeat, Duration ttl) {
        RedisBroker broker = new RedisBroker(new RedisSettings(redis.uri(), "wsgate:test", heartbeat, ttl, 1_000));
        brokers.add(broker);
        return broker;
    }

    private Hub node(RedisBroker broker) throws InterruptedException {
        Hub hub = Hub.start(broker);
        hubs.add(hub);
        assertTrue(broker.awaitConnected(WAIT), "connected to Redis");
        return hub;
    }

    /** Presence events of a hub, to wait on. */
    private static BlockingQueue<PresenceEvent> events(Hub hub) {
        BlockingQueue<PresenceEvent> events = new LinkedBlockingQueue<>();
        hub.addPresenceListener(events::add);
        return events;
    }

    private static void await(BlockingQueue<PresenceEvent> events, PresenceEvent expected) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            PresenceEvent event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertNotNull(event, "no " + expected + " within " + WAIT);
            if (event.equals(expected)) return;
        }
    }

    @Test
    void topicsBothWaysOncePerSubscriberAndSendToUser() throws Exception {
        Hub a = node(broker());
        Hub b = node(broker());
        BlockingQueue<PresenceEvent> onA = events(a);
        RecordingMember alice = new RecordingMember("alice");
        RecordingMember bob = new RecordingMember("bob");
        a.subscribe(alice, "room");
        b.subscribe(bob, "room");
        await(onA, new PresenceEvent("room", "bob", true));

        a.publish("room", "from A");
        assertEquals("from A", alice.next());
        assertEquals("from A", bob.next());
        b.publish("room", ByteBuffer.wrap("from B".getBytes(StandardCharsets.UTF_8)));
        assertEquals("binary:from B", alice.next());
        assertEquals("binary:from B", bob.next());
        // B published "sync" after Redis handled A's "from A" (B had it): A's subscription gets A's own echo before
        // "sync", so a second copy of "from A" would come first
        b.publish("room", "sync");
        assertEquals("sync", alice.next());
        assertEquals("sync", bob.next());
        assertEquals(0, alice.pending());

        RecordingMember aliceOnB = new RecordingMember("alice");
        b.register(aliceOnB);
        b.sendToUser("alice", "mail");
        assertEquals("mail", aliceOnB.next());
        assertEquals("mail", alice.next());
        a.sendToUser("bob", "for bob");
        assertEquals("for bob", bob.next());
        assertEquals(0, aliceOnB.pending());
        assertTrue(brokers.get(0).stats().published() > 0 && brokers.get(0).stats().dropped() == 0, brokers.get(0).stats().toString());
    }

    @Test
    void presenceAcrossNodesAndNodesLeavingOrCrashing() throws Exception {
        Hub a = node(broker());
        BlockingQueue<PresenceEvent> onA = events(a);
        a.subscribe(new RecordingMember("alice"), "room");
        Hub b = node(broker());
        RecordingMember bob = new RecordingMember("bob");
        b.subscribe(bob, "room");
        await(onA, new PresenceEvent("room", "bob", true));
        BlockingQueue<PresenceEvent> onB = events(b);
        // B started after alice joined: it learns her from A's answer to its first heartbeat, not after an interval
        if (!b.presence("room").contains("alice")) await(onB, new PresenceEvent("room", "alice", true));
        assertEquals(Set.of("alice", "bob"), a.presence("room"));
        assertEquals(Set.of("alice", "bob"), b.presence("room"));

        b.unsubscribe(bob, "room");
        await(onA, new PresenceEvent("room", "bob", false));
        b.subscribe(bob, "room");
        await(onA, new PresenceEvent("room", "bob", true));

        // a node that stops says goodbye: its users leave at once
        b.close();
        await(onA, new PresenceEvent("room", "bob", false));

        // a node that crashes says nothing: its users leave when its heartbeats are older than the TTL
        RedisBroker crashing = broker();
        Hub c = node(crashing);
        c.subscribe(new RecordingMember("carol"), "room");
        await(onA, new PresenceEvent("room", "carol", true));
        crashing.close();           // the broker only: no goodbye from the hub
        long crashed = System.nanoTime();
        await(onA, new PresenceEvent("room", "carol", false));
        long tookMillis = (System.nanoTime() - crashed) / 1_000_000;
        System.out.println("a crashed node's user left after " + tookMillis + " ms (heartbeat " + HEARTBEAT.toMillis()
                + " ms, TTL " + TTL.toMillis() + " ms)");
        assertTrue(tookMillis >= TTL.toMillis() - HEARTBEAT.toMillis(), "left after " + tookMillis + " ms: too early");
        assertTrue(tookMillis <= TTL.toMillis() + 2 * HEARTBEAT.toMillis() + 5_000, "left after " + tookMillis + " ms");
        assertEquals(Set.of("alice"), a.presence("room"));
    }

    @Test
    void redisKilledAndStartedAgainTrafficResumesAndWhatWasPublishedMeanwhileIsDroppedAndCounted() throws Exception {
        RedisBroker brokerA = broker();
        RedisBroker brokerB = broker();
        Hub a = node(brokerA);
        Hub b = node(brokerB);
        RecordingMember bob = new RecordingMember("bob");
        b.subscribe(bob, "room");
        a.publish("room", "before");
        assertEquals("before", bob.next());

        redis.kill();
        a.publish("room", "while down");      // dropped: at most once
        b.publish("room", "while down");      // the local subscriber still gets it
        assertEquals("while down", bob.next());
        redis.start();
        assertTrue(brokerA.awaitSubscriptions(2, WAIT), "A resubscribed");
        assertTrue(brokerB.awaitSubscriptions(2, WAIT), "B resubscribed");
        assertEquals("after", publishUntilDelivered(a, bob, "after"));
        assertTrue(brokerA.stats().dropped() >= 1, brokerA.stats().toString());
        assertTrue(brokerB.stats().resubscribes() >= 1, brokerB.stats().toString());
    }

    @Test
    void aGoodbyeRightAfterRedisRestartedIsNotLostToTheIdleConnectionThatBroke() throws Exception {
        // heartbeats far apart: B's publishing connection is still the one Redis' restart broke when B stops
        Duration heartbeat = Duration.ofSeconds(10);
        Duration ttl = Duration.ofSeconds(30);
        RedisBroker brokerA = broker(heartbeat, ttl);
        RedisBroker brokerB = broker(heartbeat, ttl);
        Hub a = node(brokerA);
        Hub b = node(brokerB);
        BlockingQueue<PresenceEvent> onA = events(a);
        b.subscribe(new RecordingMember("bob"), "room");
        await(onA, new PresenceEvent("room", "bob", true));
        redis.kill();
        redis.start();
        assertTrue(brokerA.awaitSubscriptions(2, WAIT), "A resubscribed");
        long stopped = System.nanoTime();
        b.close();
        await(onA, new PresenceEvent("room", "bob", false));
        long tookMillis = (System.nanoTime() - stopped) / 1_000_000;
        // the sample's two-node test showed bob leaving only when B's heartbeats expired (16.8 s with a 15 s TTL)
        assertTrue(tookMillis < heartbeat.toMillis(), "bob left after " + tookMillis + " ms: the goodbye was lost");
    }

    @Test
    void aKilledSubscriptionIsResubscribed() throws Exception {
        RedisBroker brokerB = broker();
        Hub a = node(broker());
        Hub b = node(brokerB);
        RecordingMember bob = new RecordingMember("bob");
        b.subscribe(bob, "room");
        try (Jedis admin = new Jedis(redis.uri())) {
            assertTrue(admin.clientKill(new ClientKillParams().type(ClientType.PUBSUB)) >= 2);
        }
        assertTrue(brokerB.awaitSubscriptions(2, WAIT), "B resubscribed");
        assertEquals("after kill", publishUntilDelivered(a, bob, "after kill"));
    }

    /**
     * Publishes {@code text} until {@code to} gets it: right after a reconnection, a publishing connection that has not
     * yet noticed the outage drops one attempt (at most once). Returns what arrived.
     */
    private static String publishUntilDelivered(Hub from, RecordingMember to, String text) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            from.publish("room", text);
            String got = to.poll(500);
            if (got != null) return got;
        }
        throw new AssertionError(text + " never arrived within " + WAIT);
    }
}
