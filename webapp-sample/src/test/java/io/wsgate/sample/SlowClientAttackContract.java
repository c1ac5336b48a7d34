package io.wsgate.sample;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Slow clients against the sample WAR's /echo in a container distribution with a small heap: clients that send as
 * fast as TCP takes it and never read must not take the server down. Each attacker may cost the server at most
 * wsgate's outbound bound plus a small constant, a fresh client is served while they hold their connections and
 * after they leave, and when they are gone the heap is back where it was.
 *
 * <p>Heap figures are live bytes after a full GC ({@code jcmd GC.class_histogram}), so garbage does not count.
 * The heap is chosen so that correct behaviour fits with room to spare (the 1 KiB test: 200 connections each
 * holding up to its bound) while one connection holding tens of MiB (the behaviour the issue reported: 84 MiB per
 * client flooding 1-byte messages) fills it.
 */
abstract class SlowClientAttackContract {

    static final Path WAR = SampleAppContract.WAR;
    static final String HEAP = "384m";

    /** wsgate's default maxOutboundBytes; the sample does not change it. */
    static final long BOUND = 1024 * 1024;
    /**
     * Per connection beside the queued messages: the container's socket buffers and request, wsgate's session
     * (an idle echo connection costs about 20 KiB on Tomcat), and the message being handled.
     */
    static final long PER_CONNECTION_SLACK = 128 * 1024;
    /** After the attackers left: caches and pools that warmed up during the attack may stay. */
    static final long RELEASED_SLACK = 16 * 1024 * 1024;

    private static final Duration BLOCKED_FOR = Duration.ofSeconds(2);
    private static final Duration FLOOD_LIMIT = Duration.ofSeconds(30);
    private static final Duration PROBE_LIMIT = Duration.ofSeconds(20);
    private static final Duration CLOSE_LIMIT = Duration.ofSeconds(30);
    private static final Pattern ECHO_COUNT = Pattern.compile("id=\"echo-count\">(\\d+)<");

    Deployment deployment;
    Jcmd jvm;

    /** Starts the container with {@link #HEAP} as its maximum heap, in a fresh base. */
    abstract Deployment deploy() throws Exception;

    abstract long javaPid();

    /** A container of its own for each attack: a server the first attack took down does not fail the second. */
    @BeforeEach
    void start() throws Exception {
        deployment = deploy();
        jvm = new Jcmd(javaPid());
    }

    @AfterEach
    void stop() throws Exception {
        if (deployment != null) deployment.close();
    }

    @Test
    void aFewClientsFloodingOneByteMessages() throws Exception {
        attack(4, 1);
    }

    @Test
    void twoHundredClientsFlooding1KiBMessages() throws Exception {
        attack(200, 1024);
    }

    private void attack(int clients, int payload) throws Exception {
        String label = deployment.name() + ", " + clients + " clients x " + payload + "-byte messages, -Xmx" + HEAP;
        Report report = new Report(label);
        EchoProbe.Outcome before = EchoProbe.roundTrip(deployment.ws("/echo"), PROBE_LIMIT);
        assertTrue(before.served(), "before the attack: " + before);
        long baseline = jvm.histogram().totalBytes();
        report.add("live heap before: " + mib(baseline));

        EchoProbe.Outcome during;
        long perConnection;
        try (SlowClientFlood flood = SlowClientFlood.connect(deployment.ws("/echo"), clients, payload)) {
            long idle = jvm.histogram().totalBytes();
            report.add("live heap with the attackers connected, before they send: " + mib(idle) + ", "
                    + kib((idle - baseline) / clients) + " per connection");
            report.add(flood.floodUntilBlocked(BLOCKED_FOR, FLOOD_LIMIT).toString());
            during = EchoProbe.roundTrip(deployment.ws("/echo"), PROBE_LIMIT);
            report.add("fresh client during the attack: " + during);
            Jcmd.Histogram attacked = jvm.histogram();
            perConnection = (attacked.totalBytes() - baseline) / clients;
            report.add("live heap with the attackers connected: " + mib(attacked.totalBytes()) + ", "
                    + kib(perConnection) + " per attacker (bound " + kib(BOUND) + " + " + kib(PER_CONNECTION_SLACK) + ")");
            if (perConnection > BOUND + PER_CONNECTION_SLACK) report.add("largest classes:\n" + attacked.top(12));
        }
        int open = awaitEchoSessionsClosed();
        report.add("echo sessions open " + CLOSE_LIMIT.toSeconds() + " s after the attackers left: " + open);
        EchoProbe.Outcome after = EchoProbe.roundTrip(deployment.ws("/echo"), PROBE_LIMIT);
        report.add("fresh client after the attack: " + after);
        Jcmd.Histogram afterwards = jvm.histogram();
        long released = afterwards.totalBytes();
        report.add("live heap after: " + mib(released) + " (before: " + mib(baseline) + ")");
        if (released > baseline + RELEASED_SLACK) report.add("largest classes:\n" + afterwards.top(12));
        System.out.println(report);

        assertTrue(during.served(), report.toString());
        assertTrue(perConnection <= BOUND + PER_CONNECTION_SLACK, report.toString());
        assertTrue(after.served(), report.toString());
        assertEquals(0, open, report.toString());
        assertTrue(released <= baseline + RELEASED_SLACK, report.toString());
    }

    /**
     * Waits (bounded) until the sample's status page counts no open echo session: the server noticed that every
     * attacker went away. Returns the last count seen, -1 if the page did not answer.
     */
    private int awaitEchoSessionsClosed() throws Exception {
        long deadline = System.nanoTime() + CLOSE_LIMIT.toNanos();
        Visitor admin = new Visitor(deployment);
        int open = -1;
        boolean loggedIn = false;
        while (System.nanoTime() < deadline) {
            try {
                if (!loggedIn) loggedIn = admin.login("alice") != null;
                HttpResponse<String> status = admin.get("status");
                Matcher m = ECHO_COUNT.matcher(status.body());
                if (status.statusCode() == 200 && m.find()) open = Integer.parseInt(m.group(1));
            } catch (java.io.IOException | AssertionError unanswered) {
                open = -1;
            }
            if (open == 0) return 0;
            Thread.sleep(250);      // polling a page: the server has no event to wait on from outside
        }
        return open;
    }

    private static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / 1048576.0);
    }

    private static String kib(long bytes) {
        return (bytes / 1024) + " KiB";
    }

    /** The figures of one attack, printed (they go into README) and used as the failure message. */
    private static final class Report {
        private final StringBuilder text;

        Report(String label) {
            text = new StringBuilder("slow-client attack: ").append(label);
        }

        void add(String line) {
            text.append("\n  ").append(line);
        }

        @Override
        public String toString() { return text.toString(); }
    }
}
