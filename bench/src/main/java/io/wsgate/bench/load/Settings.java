package io.wsgate.bench.load;

import java.time.Duration;

/**
 * How big and how long each scenario is. {@link #full()} is the real benchmark, {@link #quick()} a smoke test of
 * the harness (numbers from it mean little).
 *
 * @param warmup           unmeasured time before each measured window (scenarios 1-3)
 * @param measure          measured window (scenarios 1-3)
 * @param smallConnections scenario 1: connections
 * @param smallInFlight    scenario 1: messages in flight per connection
 * @param smallSize        scenario 1: text message size in bytes (ASCII)
 * @param largeConnections scenario 2: connections, one message in flight each
 * @param largeSize        scenario 2: binary message size in bytes
 * @param handshakeLoops   scenario 3: open+close cycles running at the same time
 * @param idleConnections  scenario 4: idle connections held open
 * @param broadcastConnections scenario 5: receiving sessions
 * @param broadcastWarmup  scenario 5: unmeasured broadcasts first
 * @param broadcastRounds  scenario 5: measured broadcasts
 * @param clientThreads    load generator selector threads
 * @param maxPendingConnects handshakes in flight while opening many connections
 */
public record Settings(Duration warmup, Duration measure,
                       int smallConnections, int smallInFlight, int smallSize,
                       int largeConnections, int largeSize,
                       int handshakeLoops,
                       int idleConnections,
                       int broadcastConnections, int broadcastWarmup, int broadcastRounds,
                       int clientThreads, int maxPendingConnects) {

    public static Settings full() {
        return new Settings(Duration.ofSeconds(5), Duration.ofSeconds(6),
                64, 8, 64,
                4, 1024 * 1024,
                16,
                5000,
                5000, 3, 10,
                1, 16);
    }

    public static Settings quick() {
        return new Settings(Duration.ofMillis(1000), Duration.ofMillis(1500),
                64, 8, 64,
                4, 1024 * 1024,
                16,
                500,
                500, 1, 2,
                1, 16);
    }

    public Settings withClientThreads(int threads) {
        return new Settings(warmup, measure, smallConnections, smallInFlight, smallSize, largeConnections, largeSize,
                handshakeLoops, idleConnections, broadcastConnections, broadcastWarmup, broadcastRounds, threads,
                maxPendingConnects);
    }

    public Settings withTimes(Duration newWarmup, Duration newMeasure) {
        return new Settings(newWarmup, newMeasure, smallConnections, smallInFlight, smallSize, largeConnections,
                largeSize, handshakeLoops, idleConnections, broadcastConnections, broadcastWarmup, broadcastRounds,
                clientThreads, maxPendingConnects);
    }

    public Settings withConnections(int idle, int broadcast) {
        return new Settings(warmup, measure, smallConnections, smallInFlight, smallSize, largeConnections, largeSize,
                handshakeLoops, idle, broadcast, broadcastWarmup, broadcastRounds, clientThreads, maxPendingConnects);
    }
}
