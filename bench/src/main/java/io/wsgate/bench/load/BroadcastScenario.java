package io.wsgate.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 5: fan-out. With N sessions open, one client sends {@code broadcast:<payload>}; the endpoint sends
 * {@code <payload>} to every open session (the sender included). Measures the time from sending to the moment the
 * last of the N clients has the message (validated byte for byte). Reports the median over the measured broadcasts.
 */
public final class BroadcastScenario implements Scenario {

    private static final int PAYLOAD_SIZE = 64;

    private final String id;
    /** The permessage-deflate offer of every handshake, or null for none. */
    private final String extensions;

    /** Scenario {@code broadcast}: 64 B of ASCII, no extension. */
    public BroadcastScenario() {
        this("broadcast", null);
    }

    /**
     * With {@code extensions} (a permessage-deflate offer every session must accept): a 1 KiB chat-like JSON
     * message, which every session receives compressed, inflates and compares.
     */
    public BroadcastScenario(String id, String extensions) {
        this.id = id;
        this.extensions = extensions;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public boolean runsOnRaw() {
        return false;
    }

    @Override
    public ScenarioResult run(Target target, Settings settings, Errors errors)
            throws Exception {
        int count = settings.broadcastConnections();
        String[] json = extensions == null ? null : JsonMessages.generate(SmallEchoScenario.JSON_SIZE);
        try (LoadGenerator generator = new LoadGenerator(target.address(), settings.clientThreads(), errors,
                extensions)) {
            Round[] current = new Round[1];
            ConnectionHandler handler = new ConnectionHandler() {
                @Override
                public void onMessage(ClientConnection connection, long sent, long now) {
                    current[0].received(now);
                }
            };
            List<ClientConnection> open = generator.openAll(count, settings.maxPendingConnects(), handler,
                    Duration.ofSeconds(120));
            if (open.size() < count) {
                throw new IllegalStateException("only " + open.size() + " of " + count + " connections opened");
            }
            HeapProbe.Sample sessions = target.probe().awaitSessions(count);
            if (sessions.sessions() != count) {
                throw new IllegalStateException("server reports " + sessions.sessions() + " open sessions, expected "
                        + count);
            }
            ClientConnection sender = open.get(0);
            List<Double> millis = new ArrayList<>();
            int total = settings.broadcastWarmup() + settings.broadcastRounds();
            for (int i = 0; i < total; i++) {
                String payload = json == null ? SmallEchoScenario.asciiMessage(i, PAYLOAD_SIZE) : json[i % json.length];
                MaskedFrame message = MaskedFrame.text(payload);
                MaskedFrame trigger = MaskedFrame.text("broadcast:" + payload);
                Round round = new Round(count);
                current[0] = round;
                generator.forEach(open, connection -> connection.expect(message, 0));
                long start = System.nanoTime();
                generator.forEach(List.of(sender), connection -> {
                    connection.send(trigger);
                    connection.flush();
                });
                if (!round.done.await(30, TimeUnit.SECONDS)) {
                    errors.add("broadcast " + i + " reached " + (count - round.done.getCount()) + " of " + count
                            + " sessions within 30 s");
                    break;
                }
                if (i >= settings.broadcastWarmup()) {
                    millis.add((round.last.get() - start) / 1e6);
                }
            }
            generator.expectDisconnects();
            Collections.sort(millis);
            double median = millis.isEmpty() ? Double.NaN : millis.get(millis.size() / 2);
            ScenarioResult result = new ScenarioResult().put(id + ".time", median);
            if (extensions != null) {
                result.put(id + ".ratio", 100 * generator.receivedCompressionRatio());
            }
            return result;
        }
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
