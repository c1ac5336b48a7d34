package io.wsgate.bench.load;


/** One benchmark scenario, run against one freshly started server. */
public interface Scenario {

    /** Short id used in file names and the result table ("small", "large", ...). */
    String id();

    /** False if it needs the echo endpoint's Jakarta behaviour (broadcast, heap probe) that the raw server lacks. */
    boolean runsOnRaw();

    /** Runs the scenario against {@code target}. Returns metrics; everything that went wrong goes to {@code errors}. */
    ScenarioResult run(Target target, Settings settings, Errors errors) throws Exception;

    static Scenario byId(String id) {
        return switch (id) {
            case "small" -> new SmallEchoScenario();
            case "large" -> new LargeEchoScenario();
            case "handshake" -> new HandshakeScenario();
            case "idle" -> new IdleScenario();
            case "idle-deflate" -> new IdleScenario("idle-deflate", "permessage-deflate");
            case "idle-deflate-nct" -> new IdleScenario("idle-deflate-nct",
                    "permessage-deflate; server_no_context_takeover; client_no_context_takeover");
            case "broadcast" -> new BroadcastScenario();
            case "burst" -> new BurstScenario();
            default -> throw new IllegalArgumentException("unknown scenario " + id
                    + " (small, large, handshake, idle, idle-deflate, idle-deflate-nct, broadcast, burst)");
        };
    }
}
