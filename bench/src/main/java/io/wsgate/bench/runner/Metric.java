package io.wsgate.bench.runner;

import io.wsgate.bench.load.Settings;

import java.util.function.Function;

/** The numbers in the result table: what each means, its unit, and which way is better. */
enum Metric {
    SMALL_RATE("small", "small.rate", "msg/s", true, 0,
            s -> s.smallSize() + " B text echo, " + s.smallConnections() + " conns x " + s.smallInFlight()
                    + " in flight: throughput"),
    SMALL_P50("small", "small.p50", "us", false, 0, s -> "... round trip p50"),
    SMALL_P99("small", "small.p99", "us", false, 0, s -> "... round trip p99"),
    SMALL_CPU("small", "small.cpu", "us", false, 1, s -> "... server CPU per message"),
    SMALL_CLIENT_CPU("small", "small.clientCpu", "us", false, 2, s -> "... load generator CPU per message"),
    LARGE_RATE("large", "large.rate", "MB/s", true, 0,
            s -> (s.largeSize() >= 1 << 20 ? (s.largeSize() >> 20) + " MiB" : s.largeSize() + " B")
                    + " binary echo, " + s.largeConnections() + " conns: payload throughput"),
    LARGE_CPU("large", "large.cpu", "ms", false, 2, s -> "... server CPU per MB echoed"),
    HANDSHAKE_RATE("handshake", "handshake.rate", "/s", true, 0,
            s -> "open + close handshakes, " + s.handshakeLoops() + " at a time"),
    HANDSHAKE_P50("handshake", "handshake.p50", "us", false, 0, s -> "... one open + close cycle p50"),
    HANDSHAKE_CPU("handshake", "handshake.cpu", "us", false, 0, s -> "... server CPU per open + close"),
    IDLE_HEAP("idle", "idle.heap", "KB", false, 1,
            s -> s.idleConnections() + " idle conns: server heap per connection (after GC)"),
    IDLE_DIRECT("idle", "idle.direct", "KB", false, 1, s -> "... direct buffer memory per connection"),
    IDLE_THREADS("idle", "idle.threads", "", false, 0, s -> "... server threads added"),
    IDLE_RSS("idle", "idle.rss", "KB", false, 1, s -> "... server RSS growth per connection (heap touched included)"),
    DEFLATE_IDLE_HEAP("idle-deflate", "idle-deflate.heap", "KB", false, 1,
            s -> s.idleConnections() + " idle conns with permessage-deflate (context takeover): server heap per connection"),
    DEFLATE_IDLE_RSS("idle-deflate", "idle-deflate.rss", "KB", false, 1, s -> "... server RSS growth per connection"),
    DEFLATE_NCT_IDLE_HEAP("idle-deflate-nct", "idle-deflate-nct.heap", "KB", false, 1,
            s -> s.idleConnections() + " idle conns with permessage-deflate, no context takeover: server heap per connection"),
    DEFLATE_NCT_IDLE_RSS("idle-deflate-nct", "idle-deflate-nct.rss", "KB", false, 1, s -> "... server RSS growth per connection"),
    JSON_DEFLATE_RATE("json-deflate", "json-deflate.rate", "msg/s", true, 0,
            s -> "1 KiB JSON text echo with permessage-deflate, " + s.smallConnections() + " conns x "
                    + s.smallInFlight() + " in flight: throughput"),
    JSON_DEFLATE_P50("json-deflate", "json-deflate.p50", "us", false, 0, s -> "... round trip p50"),
    JSON_DEFLATE_P99("json-deflate", "json-deflate.p99", "us", false, 0, s -> "... round trip p99"),
    JSON_DEFLATE_CPU("json-deflate", "json-deflate.cpu", "us", false, 1, s -> "... server CPU per message"),
    JSON_DEFLATE_CLIENT_CPU("json-deflate", "json-deflate.clientCpu", "us", false, 2,
            s -> "... load generator CPU per message"),
    JSON_DEFLATE_RATIO("json-deflate", "json-deflate.ratio", "%", false, 1,
            s -> "... server's messages: payload bytes on the wire / inflated"),
    JSON_DEFLATE_COMPRESSED("json-deflate", "json-deflate.compressed", "%", true, 1,
            s -> "... server's messages sent compressed (RSV1)"),
    BROADCAST_TIME("broadcast", "broadcast.time", "ms", false, 1,
            s -> "broadcast to " + s.broadcastConnections() + " sessions: time until the last has it"),
    BROADCAST_DEFLATE_TIME("broadcast-deflate", "broadcast-deflate.time", "ms", false, 1,
            s -> "broadcast of 1 KiB JSON to " + s.broadcastConnections()
                    + " sessions with permessage-deflate: time until the last has it"),
    BROADCAST_DEFLATE_RATIO("broadcast-deflate", "broadcast-deflate.ratio", "%", false, 1,
            s -> "... payload bytes on the wire / inflated"),
    BURST_PLAIN_WRITES("burst", "burst.plain.writes", "", false, 2,
            s -> "burst of 100 x 64 B sends in @OnMessage: server write syscalls per message"),
    BURST_BATCHED_WRITES("burst", "burst.batched.writes", "", false, 2,
            s -> "... the same with batching allowed, one flushBatch() per burst"),
    BURST_PLAIN_RATE("burst", "burst.plain.rate", "msg/s", true, 0, s -> "... messages per second, not batched"),
    BURST_BATCHED_RATE("burst", "burst.batched.rate", "msg/s", true, 0, s -> "... messages per second, batched");

    final String scenario;
    final String id;
    final String unit;
    final boolean higherIsBetter;
    final int decimals;
    private final Function<Settings, String> label;

    Metric(String scenario, String id, String unit, boolean higherIsBetter, int decimals,
           Function<Settings, String> label) {
        this.scenario = scenario;
        this.id = id;
        this.unit = unit;
        this.higherIsBetter = higherIsBetter;
        this.decimals = decimals;
        this.label = label;
    }

    String label(Settings settings) {
        return label.apply(settings);
    }

    String format(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        if (decimals == 0 && Math.abs(value) >= 10_000) {
            return String.format(java.util.Locale.ROOT, "%,.0f", value);
        }
        return String.format(java.util.Locale.ROOT, "%." + decimals + "f", value);
    }
}
