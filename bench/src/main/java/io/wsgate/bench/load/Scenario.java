package io.wsgate.bench.load;


/** One benchmark scenario, run against one freshly started server. */
public interface Scenario {

    /** What a browser offers, less its {@code client_max_window_bits} (the generator's deflater needs 32 KiB). */
    String DEFLATE_OFFER = "permessage-deflate";

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
            case "json-deflate" -> new SmallEchoScenario("json-deflate", DEFLATE_OFFER);
            case "broadcast" -> new BroadcastScenario();
            case "broadcast-deflate" -> new BroadcastScenario("broadcast-deflate", DEFLATE_OFFER);
            case "burst" -> new BurstScenario();
            default -> throw new IllegalArgumentException("unknown scenario " + id
                    + " (small, large, handshake, idle, idle-deflate, idle-deflate-nct, json-deflate, broadcast,"
                    + " broadcast-deflate, burst)");
        };
    }
}
