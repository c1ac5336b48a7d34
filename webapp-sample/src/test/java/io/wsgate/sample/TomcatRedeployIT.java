package io.wsgate.sample;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.wsgate.sample.Visitor.WAIT_SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Graceful undeploy in the Tomcat 11 distribution: the sample WAR reloaded ten times through the manager with
 * WebSocket connections open each time. Every connection must be closed with 1001 (going away) as its
 * application stops, and afterwards nothing of the ten stopped instances may remain: no class loader, no leak
 * warning from Tomcat, and once the application is stopped too, no thread wsgate started.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TomcatRedeployIT {

    private static final int REDEPLOYS = 10;
    private static final int CONNECTIONS = 3;
    /** The application and the manager. */
    private static final int DEPLOYED = 2;
    /** From the end of the reload: the application's stop has already closed the connections by then. */
    private static final int CLOSE_WAIT_SECONDS = 10;

    private TomcatDistribution tomcat;

    @BeforeAll
    void start() throws Exception {
        tomcat = TomcatDistribution.start(SampleAppContract.WAR, TomcatDistribution.Setup.DEFAULT.withManager());
    }

    @AfterAll
    void stop() throws Exception {
        if (tomcat != null) tomcat.close();
    }

    @Test
    void redeployingTenTimesWithOpenConnectionsClosesThemWith1001AndLeavesNothingBehind() throws Exception {
        TomcatManager manager = new TomcatManager(tomcat);
        TomcatLeaks leaks = new TomcatLeaks(tomcat);
        List<String> closes = new ArrayList<>();
        for (int round = 1; round <= REDEPLOYS; round++) {
            Visitor client = new Visitor(tomcat);
            List<Visitor.Socket> sockets = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) sockets.add(client.open("/echo").get(WAIT_SECONDS, TimeUnit.SECONDS));
            sockets.get(0).send("before reload " + round);
            sockets.get(0).next("before reload " + round);

            manager.reload("/app");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_WAIT_SECONDS);
            List<String> codes = new ArrayList<>();
            for (Visitor.Socket socket : sockets) codes.add(closeCode(socket.closed, deadline));
            closes.add("reload " + round + ": " + codes);
            EchoProbe.Outcome after = EchoProbe.roundTrip(tomcat.ws("/echo"), Duration.ofSeconds(WAIT_SECONDS));
            assertTrue(after.served(), "after reload " + round + ": " + after);
        }
        // findleaks runs one GC and lists every stopped instance still reachable at that moment, including one whose
        // last connections the container is still closing: asked again until it is clear (a real leak never is).
        String leakCheck = manager.findLeaks();
        for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
             !leakCheck.startsWith("OK - No memory leaks found") && System.nanoTime() < until; ) {
            Thread.sleep(500);
            leakCheck = manager.findLeaks();
        }
        long loaders = leaks.webappClassLoaders();
        // The running application may have its threads: stopped, it has none, nor has any earlier instance.
        manager.stop("/app");
        List<String> threads = leaks.wsgateThreads();
        List<String> warnings = leaks.warnings();
        String report = "redeploy x" + REDEPLOYS + " with " + CONNECTIONS + " open connections each:\n  close codes: " + closes
                + "\n  web-application class loaders after a full GC: " + loaders + " (expected " + DEPLOYED
                + ": the application and the manager)\n  manager findleaks: " + leakCheck.replace("\n", " | ")
                + "\n  wsgate threads once the application is stopped: " + threads + "\n  Tomcat leak warnings (" + warnings.size() + "):\n    "
                + String.join("\n    ", warnings);
        System.out.println(report);

        assertTrue(closes.stream().allMatch(c -> c.endsWith("[1001, 1001, 1001]")), report);
        assertEquals(DEPLOYED, loaders, report);
        assertEquals("OK - No memory leaks found", leakCheck, report);
        assertEquals(List.of(), threads, report);
        assertEquals(List.of(), warnings, report);
    }

    /** The close code a client saw, or what happened instead by the deadline. */
    private static String closeCode(CompletableFuture<Integer> closed, long deadline) {
        try {
            return Integer.toString(closed.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return "open";
        } catch (Exception e) {
            return "failed: " + e.getCause();
        }
    }
}
