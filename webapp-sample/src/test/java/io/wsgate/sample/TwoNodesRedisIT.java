package io.wsgate.sample;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sample WAR on two nodes (the Tomcat 11 distribution and the embedded Jetty 12.1 launcher, each deploying the
 * packaged WAR) sharing a real redis-server, behind a real nginx with sticky sessions: alice (headless Chromium) on one node
 * and bob (JDK client) on the other chat both ways and see each other online, a notice posted through alice's node reaches bob's page on his,
 * traffic resumes after Redis is killed and started again, and bob leaves alice's page when his node stops.
 */
class TwoNodesRedisIT {

    private static final Path WAR = Path.of("target", "wsgate-webapp-sample.war");

    @Test
    void chatPresenceAndNoticesAcrossTwoNodes() throws Exception {
        try (RedisProcess redis = new RedisProcess()) {
            // wsgate.redis.uri is read by SampleHub when each node's application starts (WSGATE_REDIS_URI in a real
            // deployment). Node A: the Tomcat distribution (the WAR as ROOT.war, jvmRoute nodeA); node B: the embedded Jetty
            // launcher (workerName nodeB). Session ids end with the route, which nginx is sticky on.
            Deployment nodeA = TomcatDistribution.start(WAR, TomcatDistribution.Setup.DEFAULT.asClusterNode("nodeA",
                    "-Dwsgate.redis.uri=" + redis.uri()));
            Deployment nodeB;
            try {
                System.setProperty("wsgate.redis.uri", redis.uri().toString());
                System.setProperty("sample.node", "nodeB");
                nodeB = EmbeddedJetty.start(WAR);
            } catch (Exception | Error e) {
                nodeA.close();
                throw e;
            } finally {
                System.clearProperty("wsgate.redis.uri");
                System.clearProperty("sample.node");
            }
            try (nodeA; nodeB; NginxFront front = NginxFront.start(nodeA.base().getPort(), nodeB.base().getPort())) {
                run(redis, front, Map.of("nodeA", nodeA, "nodeB", nodeB));
            }
        }
    }

    /** The node that holds an HttpSession, from the route nginx uses (the session id's suffix). */
    private static String route(String sessionId) {
        return sessionId == null ? null : sessionId.substring(sessionId.lastIndexOf('.') + 1);
    }

    /** A visitor signed in as {@code user} on the node {@code wanted} (new visitors go round robin), or on another. */
    private static Visitor visitorOn(NginxFront front, String user, Predicate<String> wanted) throws Exception {
        for (int attempt = 0; attempt < 10; attempt++) {
            Visitor visitor = new Visitor(front).login(user);
            if (wanted.test(route(visitor.cookie("JSESSIONID")))) return visitor;
        }
        throw new AssertionError("nginx never sent " + user + " to the wanted node in 10 logins");
    }

    private static void run(RedisProcess redis, NginxFront front, Map<String, Deployment> nodes) throws Exception {
        try (Browser alice = Browser.start(front.base())) {
            // alice in headless Chromium, through nginx: the chat page, whose socket opens on her session's node
            alice.go("room");
            alice.login("alice", "secret");
            alice.awaitState("chat-state", "open");
            alice.awaitText("#presence", "alice");
            String aliceNode = route(alice.driver.manage().getCookieNamed("JSESSIONID").getValue());
            assertTrue(nodes.containsKey(aliceNode), "alice's session is routed: " + aliceNode);

            // bob (JDK client) on the other node
            Visitor bob = visitorOn(front, "bob", node -> nodes.containsKey(node) && !node.equals(aliceNode));
            Visitor.Socket bobChat = bob.open("/chat").get(Visitor.WAIT_SECONDS, TimeUnit.SECONDS);
            Visitor.Socket bobNotices = bob.open("/notifications").get(Visitor.WAIT_SECONDS, TimeUnit.SECONDS);
            Deployment bobsNode = nodes.get(route(bob.cookie("JSESSIONID")));

            alice.awaitText("#presence", "bob");
            String seenByBob = bobChat.next("\"alice\"");
            assertTrue(seenByBob.contains("\"type\":\"presence\"") && seenByBob.contains("\"bob\""), seenByBob);
            assertTrue(bob.get("").body().contains("alice"), "bob's node's home page lists alice, on the other node");

            alice.find("#text").sendKeys("hello from alice, across nodes");
            alice.find("#say button").click();
            assertTrue(bobChat.next("hello from alice, across nodes").contains("\"user\":\"alice\""));
            bobChat.send("hello from bob, across nodes");
            alice.awaitText("#messages", "hello from bob, across nodes");

            // a notice posted through alice's node (by carol, signed in there) reaches bob's page on his node
            Visitor carol = visitorOn(front, "carol", aliceNode::equals);
            assertEquals(303, carol.post("post", Map.of("notice", "posted through the node of alice")).statusCode());
            assertTrue(bobNotices.next("posted through the node of alice").contains("\"type\":\"notice\""));

            // Redis killed and started again: both nodes resubscribe by themselves; what is sent meanwhile may be lost
            redis.kill();
            redis.start();
            boolean resumed = false;
            for (int attempt = 0; !resumed && attempt < 30; attempt++) {
                bobChat.send("after restart " + attempt);
                try {
                    new WebDriverWait(alice.driver, Duration.ofSeconds(1))
                            .until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#messages"), "after restart"));
                    resumed = true;
                } catch (TimeoutException notYet) {
                    // at most once: try again
                }
            }
            assertTrue(resumed, "chat across nodes resumed after Redis restarted");

            // bob's node stops: bob leaves alice's page (at once, by its goodbye; a crash: within the TTL)
            long stopped = System.nanoTime();
            bobsNode.close();
            alice.wait.withMessage(() -> "bob should leave alice's presence list: " + alice.text("#presence"))
                    .until(ExpectedConditions.not(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#presence"), "bob")));
            long tookMillis = (System.nanoTime() - stopped) / 1_000_000;
            System.out.println("bob left alice's page " + tookMillis + " ms after his node began to stop");
            // a stopping node says goodbye (milliseconds); a crash is bounded by the TTL (15 s) and a heartbeat (5 s)
            assertTrue(tookMillis < 25_000, "within the presence TTL and a heartbeat: " + tookMillis + " ms");
            assertTrue(alice.text("#presence").contains("alice"));
        }
    }
}
