package io.wsgate.bench.load;

import org.HdrHistogram.Histogram;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cluster benchmark's two measurements against the bench's {@code HubEndpoint} ({@code /hub/<topic>}: a session
 * is subscribed to its path's topic; {@code broadcast:<payload>} publishes to {@code all},
 * {@code publish:<topic>:<payload>} to that topic), on one node or on several sharing a Redis. Started by
 * {@code io.wsgate.bench.runner.ClusterRun}, which owns the server JVMs and Redis.
 *
 * <ul>
 *   <li>{@link #latency}: one sender on one node publishes 64 B to a topic whose only subscriber is one client of
 *   another (or the same) node; the time from the sender's write to the receiver's whole message, one at a time,
 *   receivers interleaved.
 *   <li>{@link #fanOut}: N clients spread evenly over the nodes, all subscribed to {@code all}; the first client of
 *   the first node sends {@code broadcast:<64 B>}; the time until the last of the N has the message.
 * </ul>
 * Every message is validated byte for byte by the generator, as in the other scenarios.
 */
public final class ClusterScenario {

    static final int PAYLOAD_SIZE = 64;
    private static final long MAX_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** A node: where its WebSocket listens, and its heap probe (which counts its open sessions). */
    public record Node(InetSocketAddress address, HeapProbe probe) {
    }

    private ClusterScenario() {
    }

    /**
     * {@code warmup} unmeasured then {@code measured} rounds of: for each of {@code receivers} in turn, one 64 B
     * message from a client of {@code from} to a client of that node (on a topic only that client is subscribed to),
     * waiting for each before the next (interleaved, so a slower phase of the machine weighs on every receiver
     * alike). Returns the one-way times in nanoseconds, one histogram per receiver.
     */
    public static List<Histogram> latency(Node from, List<Node> receivers, int warmup, int measured, Errors errors)
            throws Exception {
        List<Node> nodes = new ArrayList<>(List.of(from));
        for (Node node : receivers) {
            if (!nodes.contains(node)) {
                nodes.add(node);
            }
        }
        List<Integer> before = new ArrayList<>();
        for (Node node : nodes) {
            before.add(node.probe().sample().sessions());
        }
        AtomicLong sentAt = new AtomicLong();
        CompletableFuture<Long>[] arrival = newArrival();
        ConnectionHandler arrivals = new ConnectionHandler() {
            @Override
            public void onMessage(ClientConnection connection, long sent, long now) {
                arrival[0].complete(now);
            }
        };
        List<Histogram> histograms = new ArrayList<>();
        List<LoadGenerator> generators = new ArrayList<>();
        try {
            LoadGenerator senders = new LoadGenerator(from.address(), "/hub/senders", 1, errors, null);
            generators.add(senders);
            ClientConnection sender = openOne(senders, new ConnectionHandler() { });
            List<ClientConnection> receiving = new ArrayList<>();
            int[] added = new int[nodes.size()];
            added[0]++;
            for (int r = 0; r < receivers.size(); r++) {
                LoadGenerator generator = new LoadGenerator(receivers.get(r).address(), "/hub/" + topic(r), 1,
                        errors, null);
                generators.add(generator);
                receiving.add(openOne(generator, arrivals));
                added[nodes.indexOf(receivers.get(r))]++;
                histograms.add(new Histogram(MAX_NANOS, 3));
            }
            for (int n = 0; n < nodes.size(); n++) {
                awaitSessions(nodes.get(n), before.get(n) + added[n]);
            }
            for (int i = 0; i < warmup + measured; i++) {
                for (int r = 0; r < receivers.size(); r++) {
                    String payload = SmallEchoScenario.asciiMessage(i, PAYLOAD_SIZE);
                    MaskedFrame message = MaskedFrame.text(payload);
                    MaskedFrame trigger = MaskedFrame.text("publish:" + topic(r) + ":" + payload);
                    arrival[0] = new CompletableFuture<>();
                    generators.get(r + 1).forEach(List.of(receiving.get(r)), c -> c.expect(message, 0));
                    senders.forEach(List.of(sender), connection -> {
                        sentAt.set(System.nanoTime());
                        connection.send(trigger);
                        connection.flush();
                    });
                    long now;
                    try {
                        now = arrival[0].get(30, TimeUnit.SECONDS);
                    } catch (TimeoutException e) {
                        errors.add("message " + i + " from " + from.address() + " never reached "
                                + receivers.get(r).address() + " within 30 s");
                        return histograms;
                    }
                    if (i >= warmup) {
                        histograms.get(r).recordValue(Math.min(Math.max(now - sentAt.get(), 0), MAX_NANOS));
                    }
                }
            }
            // Closed cleanly and awaited, so the next measurement on these nodes starts from known session counts.
            for (LoadGenerator generator : generators) {
                generator.closeAll(Duration.ofSeconds(30));
            }
        } finally {
            for (LoadGenerator generator : generators) {
                generator.close();
            }
        }
        for (int n = 0; n < nodes.size(); n++) {
            awaitExactly(nodes.get(n), before.get(n));
        }
        return histograms;
    }

    private static String topic(int receiver) {
        return "pair-" + receiver;
    }

    /**
     * Opens {@code count} clients on {@code /hub/all}, spread evenly over {@code nodes}, then sends {@code warmup}
     * unmeasured and {@code measured} broadcasts from the first client of the first node; returns, in milliseconds,
     * the time from each measured send until the last client had that message.
     */
    public static List<Double> fanOut(List<Node> nodes, int count, int warmup, int measured, int maxPendingConnects,
                                      Errors errors) throws Exception {
        Round[] current = new Round[1];
        ConnectionHandler handler = new ConnectionHandler() {
            @Override
            public void onMessage(ClientConnection connection, long sent, long now) {
                current[0].received(now);
            }
        };
        List<LoadGenerator> generators = new ArrayList<>();
        List<List<ClientConnection>> open = new ArrayList<>();
        List<Double> millis = new ArrayList<>();
        try {
            for (int n = 0; n < nodes.size(); n++) {
                Node node = nodes.get(n);
                int before = node.probe().sample().sessions();
                int share = count / nodes.size() + (n < count % nodes.size() ? 1 : 0);
                LoadGenerator generator = new LoadGenerator(node.address(), "/hub/all", 1, errors, null);
                generators.add(generator);
                List<ClientConnection> connections = generator.openAll(share, maxPendingConnects, handler,
                        Duration.ofSeconds(120));
                if (connections.size() < share) {
                    throw new IllegalStateException("only " + connections.size() + " of " + share
                            + " connections opened on " + node.address());
                }
                awaitSessions(node, before + share);
                open.add(connections);
            }
            ClientConnection sender = open.get(0).get(0);
            for (int i = 0; i < warmup + measured; i++) {
                String payload = SmallEchoScenario.asciiMessage(i, PAYLOAD_SIZE);
                MaskedFrame message = MaskedFrame.text(payload);
                MaskedFrame trigger = MaskedFrame.text("broadcast:" + payload);
                Round round = new Round(count);
                current[0] = round;
                for (int n = 0; n < nodes.size(); n++) {
                    generators.get(n).forEach(open.get(n), connection -> connection.expect(message, 0));
                }
                AtomicLong start = new AtomicLong();
                generators.get(0).forEach(List.of(sender), connection -> {
                    start.set(System.nanoTime());
                    connection.send(trigger);
                    connection.flush();
                });
                if (!round.done.await(30, TimeUnit.SECONDS)) {
                    errors.add("broadcast " + i + " reached " + (count - round.done.getCount()) + " of " + count
                            + " sessions within 30 s");
                    break;
                }
                if (i >= warmup) {
                    millis.add((round.last.get() - start.get()) / 1e6);
                }
            }
        } finally {
            for (LoadGenerator generator : generators) {
                generator.expectDisconnects();
                generator.close();
            }
        }
        return millis;
    }

    private static ClientConnection openOne(LoadGenerator generator, ConnectionHandler handler)
            throws InterruptedException {
        List<ClientConnection> open = generator.openAll(1, 1, handler, Duration.ofSeconds(30));
        if (open.isEmpty()) {
            throw new IllegalStateException("could not open a connection to " + generator);
        }
        return open.get(0);
    }

    /** The client sees the 101 a moment before the server has subscribed the session: wait for the server. */
    private static void awaitSessions(Node node, int count) throws Exception {
        HeapProbe.Sample sample = node.probe().awaitSessions(count);
        if (sample.sessions() != count) {
            throw new IllegalStateException(node.address() + " reports " + sample.sessions()
                    + " open sessions, expected " + count);
        }
    }

    private static void awaitExactly(Node node, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int sessions;
        while ((sessions = node.probe().sample().sessions()) != count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(node.address() + " reports " + sessions + " open sessions, expected "
                        + count);
            }
            Thread.sleep(100);
        }
    }

    @SuppressWarnings("unchecked")
    private static CompletableFuture<Long>[] newArrival() {
        return new CompletableFuture[] {new CompletableFuture<Long>()};
    }

    /** One broadcast: counts arrivals and keeps the latest arrival time. */
    private static final class Round {
        final CountDownLatch done;
        final AtomicLong last = new AtomicLong(Long.MIN_VALUE);

        Round(int count) {
            done = new CountDownLatch(count);
        }

        void received(long now) {
            last.accumulateAndGet(now, Math::max);
            done.countDown();
        }
    }
}
