package io.wsgate.bench.load;

import java.net.InetSocketAddress;

/** One benchmark scenario, run against one freshly started server. */
public interface Scenario {

    /** Short id used in file names and the result table ("small", "large", ...). */
    String id();

    /** False if it needs the echo endpoint's Jakarta behaviour (broadcast, heap probe) that the raw server lacks. */
    boolean runsOnRaw();

    /** Runs the scenario; {@code probe} is null for the raw server. Returns metrics; errors go to {@code errors}. */
    ScenarioResult run(InetSocketAddress server, HeapProbe probe, Settings settings, Errors errors) throws Exception;

    static Scenario byId(String id) {
        return switch (id) {
            case "small" -> new SmallEchoScenario();
            case "large" -> new LargeEchoScenario();
            case "handshake" -> new HandshakeScenario();
            case "idle" -> new IdleScenario();
            case "broadcast" -> new BroadcastScenario();
            default -> throw new IllegalArgumentException("unknown scenario " + id
                    + " (small, large, handshake, idle, broadcast)");
        };
    }
}
