package io.wsgate.bench.load;

import java.time.Duration;

/**
 * Scenario 3: connection churn. A fixed number of loops each connect, upgrade (101 and Sec-WebSocket-Accept
 * checked), start the close handshake at once, wait for the server's close frame and for the server to close TCP,
 * then start over. Reports completed open+close cycles per second.
 */
public final class HandshakeScenario implements Scenario {

    @Override
    public String id() {
        return "handshake";
    }

    @Override
    public boolean runsOnRaw() {
        return true;
    }

    @Override
    public ScenarioResult run(Target target, Settings settings, Errors errors)
            throws Exception {
        try (LoadGenerator generator = new LoadGenerator(target.address(), settings.clientThreads(), errors)) {
            Recorders recorders = new Recorders(generator);
            SmallEchoScenario.Running running = new SmallEchoScenario.Running();
            ConnectionHandler handler = new ConnectionHandler() {
                @Override
                public void onOpen(ClientConnection connection, long now) {
                    connection.close();
                }

                @Override
                public void onClosed(ClientConnection connection, boolean clean, long now) {
                    if (!clean) {
                        return; // counted by the connection; this loop ends rather than spin on a broken server
                    }
                    recorders.record(connection.reactorIndex(), now - connection.startNanos());
                    if (running.on) {
                        generator.connect(this);
                    }
                }
            };
            for (int i = 0; i < settings.handshakeLoops(); i++) {
                generator.connect(handler);
            }
            Window window = Window.run(recorders, settings.warmup(), settings.measure(), target.cpuNanos());
            running.on = false;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (generator.census()[0] > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            int left = generator.census()[0];
            if (left > 0) {
                errors.add(left + " handshake cycles did not finish within 10 s after the end");
            }
            return new ScenarioResult()
                    .put("handshake.rate", window.ratePerSecond())
                    .put("handshake.p50", window.percentileMicros(50))
                    .put("handshake.cpu", window.serverCpuMicrosPerOperation());
        }
    }
}
