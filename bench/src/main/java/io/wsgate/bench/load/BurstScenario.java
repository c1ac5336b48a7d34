package io.wsgate.bench.load;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 6: container writes per message, with and without batching. One connection sends
 * {@code burst:<count>:<size>:<batched>}; the endpoint sends {@code count} text messages of {@code size} bytes
 * through its basic remote, with {@code setBatchingAllowed(true)} and one {@code flushBatch()} at the end when
 * batched. The figure is the server process's write system calls ({@code syscw} of /proc/PID/io) per message
 * received, over the measured bursts: the writes reaching the socket, whatever container or implementation.
 */
public final class BurstScenario implements Scenario {

    static final int COUNT = 100;
    static final int SIZE = 64;
    private static final int WARMUP = 20;
    private static final int MEASURED = 50;

    @Override
    public String id() {
        return "burst";
    }

    @Override
    public boolean runsOnRaw() {
        return false;
    }

    @Override
    public ScenarioResult run(Target target, Settings settings, Errors errors) throws Exception {
        ScenarioResult result = new ScenarioResult();
        try (LoadGenerator generator = new LoadGenerator(target.address(), 1, errors)) {
            CountDownLatch[] current = new CountDownLatch[1];
            ConnectionHandler handler = new ConnectionHandler() {
                @Override
                public void onMessage(ClientConnection connection, long sent, long now) {
                    current[0].countDown();
                }
            };
            ClientConnection connection = generator.openAll(1, 1, handler, java.time.Duration.ofSeconds(30)).get(0);
            for (boolean batched : new boolean[] {false, true}) {
                MaskedFrame message = MaskedFrame.text("x".repeat(SIZE));
                MaskedFrame trigger = MaskedFrame.text("burst:" + COUNT + ":" + SIZE + ":" + batched);
                long writesBefore = 0;
                long start = 0;
                for (int i = 0; i < WARMUP + MEASURED; i++) {
                    if (i == WARMUP) {
                        writesBefore = target.writeSyscalls().getAsLong();
                        start = System.nanoTime();
                    }
                    CountDownLatch done = new CountDownLatch(COUNT);
                    current[0] = done;
                    generator.forEach(List.of(connection), c -> {
                        for (int m = 0; m < COUNT; m++) c.expect(message, 0);
                        c.send(trigger);
                        c.flush();
                    });
                    if (!done.await(30, TimeUnit.SECONDS)) {
                        errors.add("burst " + i + (batched ? " (batched)" : "") + ": " + done.getCount() + " of "
                                + COUNT + " messages missing after 30 s");
                        return result;
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                long writes = target.writeSyscalls().getAsLong() - writesBefore;
                String prefix = batched ? "burst.batched" : "burst.plain";
                result.put(prefix + ".writes", writesBefore < 0 ? Double.NaN : writes / (double) (MEASURED * COUNT));
                result.put(prefix + ".rate", MEASURED * COUNT / seconds);
            }
            generator.expectDisconnects();
        }
        return result;
    }
}
