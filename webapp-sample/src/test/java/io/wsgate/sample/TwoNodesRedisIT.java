package io.wsgate.sample;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sample WAR on two nodes (two embedded Jetty launchers, each deploying the packaged WAR with its own class
 * loader) sharing a real redis-server, behind a real nginx with sticky sessions: alice on one node and bob on the
 * other chat both ways and see each other online, a notice posted through alice's node reaches bob's page on his,
 * traffic resumes after Redis is killed and started again, and bob leaves alice's presence list when his node stops.
 */
class TwoNodesRedisIT {

    private static final Path WAR = Path.of("target", "wsgate-webapp-sample.war");

    @Test
    void chatPresenceAndNoticesAcrossTwoNodes() throws Exception {
        try (RedisProcess redis = new RedisProcess()) {
            // read by SampleHub when each node's application starts (WSGATE_REDIS_URI in a real deployment)
            System.setProperty("wsgate.redis.uri", redis.uri().toString());
            EmbeddedJetty nodeA;
            EmbeddedJetty nodeB;
            try {
                System.setProperty("sample.node", "nodeA");      // session ids end with ".nodeA": nginx routes on it
                nodeA = EmbeddedJetty.start(WAR);
                System.setProperty("sample.node", "nodeB");
                nodeB = EmbeddedJetty.start(WAR);
            } finally {
                System.clearProperty("wsgate.redis.uri");
                System.clearProperty("sample.node");
            }
            try (nodeA; NginxFront front = NginxFront.start(nodeA.base().getPort(), nodeB.base().getPort())) {
                try {
                    run(redis, front, Map.of("nodeA", nodeA, "nodeB", nodeB));
                } finally {
                    nodeB.close();
                }
            }
        }
    }

    /** The node that holds the visitor's HttpSession, from the route nginx uses. */
    private static String node(Visitor visitor) {
        String session = visitor.cookie("JSESSIONID");
        return session == null ? null : session.substring(session.lastIndexOf('.') + 1);
    }

    private static void run(RedisProcess redis, NginxFront front, Map<String, EmbeddedJetty> nodes) throws Exception {
        Visitor alice = new Visitor(front).login("alice");
        String aliceNode = node(alice);
        assertTrue(nodes.containsKey(aliceNode), "alice's session is routed: " + alice.cookie("JSESSIONID"));
        // new visitors go round robin: bob lands on the other node within a few logins
        Visitor bob = null;
        for (int attempt = 0; attempt < 10 && (bob == null || node(bob).equals(aliceNode)); attempt++) {
            bob = new Visitor(front).login("bob");
        }
        String bobNode = node(bob);
        assertTrue(nodes.containsKey(bobNode) && !bobNode.equals(aliceNode), "bob on " + bobNode + ", alice on " + aliceNode);
        EmbeddedJetty nodeB = nodes.get(bobNode);
        Visitor.Socket aliceChat = alice.open("/chat").get(Visitor.WAIT_SECONDS, TimeUnit.SECONDS);
        Visitor.Socket bobChat = bob.open("/chat").get(Visitor.WAIT_SECONDS, TimeUnit.SECONDS);
        Visitor.Socket bobNotices = bob.open("/notifications").get(Visitor.WAIT_SECONDS, TimeUnit.SECONDS);

        String seenByAlice = aliceChat.next("\"bob\"");
        assertTrue(seenByAlice.contains("\"type\":\"presence\"") && seenByAlice.contains("\"alice\""), seenByAlice);
        String seenByBob = bobChat.next("\"alice\"");
        assertTrue(seenByBob.contains("\"type\":\"presence\"") && seenByBob.contains("\"bob\""), seenByBob);
        HttpResponse<String> home = alice.get("");
        assertTrue(home.body().contains("bob"), "alice's node's home page lists bob, on the other node, as online");

        aliceChat.send("hello from alice, across nodes");
        assertTrue(bobChat.next("hello from alice, across nodes").contains("\"user\":\"alice\""));
        bobChat.send("hello from bob, across nodes");
        assertTrue(aliceChat.next("hello from bob, across nodes").contains("\"user\":\"bob\""));
        assertEquals(303, alice.post("post", Map.of("notice", "posted through the node of alice")).statusCode());
        assertTrue(bobNotices.next("posted through the node of alice").contains("\"type\":\"notice\""));

        // Redis killed and started again: both nodes resubscribe by themselves; what is sent meanwhile may be lost
        redis.kill();
        redis.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Visitor.WAIT_SECONDS);
        String resumed = null;
        for (int attempt = 0; resumed == null && System.nanoTime() < deadline; attempt++) {
            aliceChat.send("after restart " + attempt);
            String got = bobChat.received.poll(500, TimeUnit.MILLISECONDS);
            while (got != null && !got.contains("after restart")) got = bobChat.received.poll(500, TimeUnit.MILLISECONDS);
            resumed = got;
        }
        assertTrue(resumed != null, "chat across nodes resumed after Redis restarted");

        // bob's node stops: bob's presence leaves alice's list (at once, by its goodbye; a crash: within the TTL)
        long stopped = System.nanoTime();
        nodeB.close();
        String presence;
        do {
            presence = aliceChat.next("\"type\":\"presence\"");
        } while (presence.contains("\"bob\""));
        assertFalse(presence.contains("\"bob\""));
        long tookMillis = (System.nanoTime() - stopped) / 1_000_000;
        System.out.println("bob left alice's presence list " + tookMillis + " ms after his node began to stop");
        assertTrue(tookMillis < 20_000, "within the presence TTL (15 s) and a heartbeat (5 s): " + tookMillis + " ms");
    }
}
