package io.wsgate.bench.load;

import java.time.Duration;
import java.util.List;

/**
 * Scenario 1: many small text messages. Each connection keeps a fixed number of echoes in flight: every echo that
 * comes back (validated) is timed and replaced by the next message, so the server is never idle and the round-trip
 * time is measured under load. Reports messages/s and p50/p99 round trip.
 */
public final class SmallEchoScenario implements Scenario {

    private static final int DISTINCT_MESSAGES = 16;
    /** Size of the JSON messages of the deflate variant. */
    public static final int JSON_SIZE = 1024;

    private final String id;
    /** The permessage-deflate offer of every handshake, or null for none. */
    private final String extensions;

    /** Scenario {@code small}: {@code smallSize} bytes of ASCII, no extension. */
    public SmallEchoScenario() {
        this("small", null);
    }

    /**
     * With {@code extensions} (a permessage-deflate offer the server must accept): 1 KiB chat-like JSON messages,
     * which the generator compresses and inflates itself; also reports the compression of what the server sent.
     */
    public SmallEchoScenario(String id, String extensions) {
        this.id = id;
        this.extensions = extensions;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public boolean runsOnRaw() {
        return extensions == null;
    }

    @Override
    public ScenarioResult run(Target target, Settings settings, Errors errors)
            throws Exception {
        MaskedFrame[] frames;
        if (extensions == null) {
            frames = new MaskedFrame[DISTINCT_MESSAGES];
            for (int i = 0; i < frames.length; i++) {
                frames[i] = MaskedFrame.text(asciiMessage(i, settings.smallSize()));
            }
        } else {
            String[] json = JsonMessages.generate(JSON_SIZE);
            frames = new MaskedFrame[json.length];
            for (int i = 0; i < frames.length; i++) {
                frames[i] = MaskedFrame.text(json[i]);
            }
        }
        try (LoadGenerator generator = new LoadGenerator(target.address(), settings.clientThreads(), errors,
                extensions)) {
            Recorders recorders = new Recorders(generator);
            Running running = new Running();
            ConnectionHandler handler = new ConnectionHandler() {
                @Override
                public void onOpen(ClientConnection connection, long now) {
                    for (int i = 0; i < settings.smallInFlight(); i++) {
                        connection.sendExpectingEcho(frames[connection.sequence++ % frames.length], now);
                    }
                }

                @Override
                public void onMessage(ClientConnection connection, long sent, long now) {
                    recorders.record(connection.reactorIndex(), now - sent);
                    if (running.on) {
                        connection.sendExpectingEcho(frames[connection.sequence++ % frames.length], now);
                    }
                }
            };
            List<ClientConnection> open = generator.openAll(settings.smallConnections(), settings.maxPendingConnects(),
                    handler, Duration.ofSeconds(30));
            if (open.size() < settings.smallConnections()) {
                throw new IllegalStateException("only " + open.size() + " of " + settings.smallConnections()
                        + " connections opened");
            }
            Window window = Window.run(recorders, settings.warmup(), settings.measure(), target.cpuNanos());
            running.on = false;
            generator.awaitDrained(Duration.ofSeconds(10));
            generator.closeAll(Duration.ofSeconds(10));
            ScenarioResult result = new ScenarioResult()
                    .put(id + ".rate", window.ratePerSecond())
                    .put(id + ".p50", window.percentileMicros(50))
                    .put(id + ".p99", window.percentileMicros(99))
                    .put(id + ".cpu", window.serverCpuMicrosPerOperation())
                    .put(id + ".clientCpu", window.clientCpuMicrosPerOperation());
            if (extensions != null) {
                result.put(id + ".ratio", 100 * generator.receivedCompressionRatio())
                        .put(id + ".compressed", 100 * generator.receivedCompressedShare());
            }
            return result;
        }
    }

    /** A distinct printable ASCII message of exactly {@code size} bytes. */
    static String asciiMessage(int index, int size) {
        StringBuilder text = new StringBuilder(size);
        text.append("m").append(index).append(':');
        for (int i = 0; text.length() < size; i++) {
            text.append((char) ('!' + (index * 7 + i) % 94));
        }
        text.setLength(size);
        return text.toString();
    }

    /** Whether handlers should keep the load going; read by reactor threads. */
    static final class Running {
        volatile boolean on = true;
    }
}
