package io.wsgate.bench.load;

import java.time.Duration;
import java.util.List;

/**
 * Scenario 4: what idle connections cost the server. The server reports its heap after GC, direct buffer memory and
 * live threads before any connection and again with all of them open (and its session count, which must match).
 * Reports KB of heap and direct memory per connection, and threads added.
 */
public final class IdleScenario implements Scenario {

    private final String id;
    /** The permessage-deflate offer of every handshake, or null for none. */
    private final String extensions;

    public IdleScenario() {
        this("idle", null);
    }

    /** Idle connections that negotiated permessage-deflate ({@code extensions} offered; the server must accept). */
    public IdleScenario(String id, String extensions) {
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
        int count = settings.idleConnections();
        HeapProbe.Sample before = target.probe().sample();
        try (LoadGenerator generator = new LoadGenerator(target.address(), settings.clientThreads(), errors, extensions)) {
            List<ClientConnection> open = generator.openAll(count, settings.maxPendingConnects(),
                    new ConnectionHandler() { }, Duration.ofSeconds(120));
            if (open.size() < count) {
                throw new IllegalStateException("only " + open.size() + " of " + count + " connections opened");
            }
            HeapProbe.Sample after = target.probe().awaitSessions(count);
            if (after.sessions() != count) {
                errors.add("server reports " + after.sessions() + " open sessions, expected " + count);
            }
            int stillOpen = generator.census()[0];
            if (stillOpen != count) {
                errors.add(stillOpen + " of " + count + " idle connections still open at the end");
            }
            generator.expectDisconnects();
            ScenarioResult result = new ScenarioResult()
                    .put(id + ".heap", (after.usedHeap() - before.usedHeap()) / 1024.0 / count);
            if (extensions == null) {
                return result.put("idle.direct", (after.direct() - before.direct()) / 1024.0 / count)
                        .put("idle.threads", after.threads() - before.threads())
                        .put("idle.rss", after.rss() < 0 ? Double.NaN : (after.rss() - before.rss()) / 1024.0 / count);
            }
            // Resident memory includes the heap the JVM has touched (fixed at -Xms1g, but touched as it is used):
            // heap and zlib's native memory together, per connection.
            return result.put(id + ".rss", after.rss() < 0 ? Double.NaN : (after.rss() - before.rss()) / 1024.0 / count);
        }
    }
}
