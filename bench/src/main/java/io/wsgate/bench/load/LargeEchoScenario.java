package io.wsgate.bench.load;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Scenario 2: large binary messages (1 MiB by default), one in flight per connection, on a few connections.
 * Reports MB/s of echoed payload (10^6 bytes per second, counted once, not per direction).
 */
public final class LargeEchoScenario implements Scenario {

    @Override
    public String id() {
        return "large";
    }

    @Override
    public boolean runsOnRaw() {
        return true;
    }

    @Override
    public ScenarioResult run(Target target, Settings settings, Errors errors)
            throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        MaskedFrame[] frames = new MaskedFrame[2];
        for (int i = 0; i < frames.length; i++) {
            byte[] data = new byte[settings.largeSize()];
            random.nextBytes(data);
            frames[i] = MaskedFrame.binary(data);
        }
        try (LoadGenerator generator = new LoadGenerator(target.address(), settings.clientThreads(), errors)) {
            Recorders recorders = new Recorders(generator);
            SmallEchoScenario.Running running = new SmallEchoScenario.Running();
            ConnectionHandler handler = new ConnectionHandler() {
                @Override
                public void onOpen(ClientConnection connection, long now) {
                    connection.sendExpectingEcho(frames[connection.sequence++ % frames.length], now);
                }

                @Override
                public void onMessage(ClientConnection connection, long sent, long now) {
                    recorders.record(connection.reactorIndex(), now - sent);
                    if (running.on) {
                        connection.sendExpectingEcho(frames[connection.sequence++ % frames.length], now);
                    }
                }
            };
            List<ClientConnection> open = generator.openAll(settings.largeConnections(), settings.maxPendingConnects(),
                    handler, Duration.ofSeconds(30));
            if (open.size() < settings.largeConnections()) {
                throw new IllegalStateException("only " + open.size() + " of " + settings.largeConnections()
                        + " connections opened");
            }
            Window window = Window.run(recorders, settings.warmup(), settings.measure(), target.cpuNanos());
            running.on = false;
            generator.awaitDrained(Duration.ofSeconds(30));
            generator.closeAll(Duration.ofSeconds(10));
            return new ScenarioResult()
                    .put("large.rate", window.ratePerSecond() * settings.largeSize() / 1e6)
                    .put("large.cpu", window.serverCpuMicrosPerOperation() / 1000 / (settings.largeSize() / 1e6));
        }
    }
}
