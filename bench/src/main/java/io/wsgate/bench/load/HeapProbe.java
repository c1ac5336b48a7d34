package io.wsgate.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Asks a server JVM for its state after GC through its {@code /bench/heap} servlet. */
public final class HeapProbe {

    /** What the server reported: bytes of used heap and direct buffers, live threads, open echo sessions, RSS (-1 if unknown). */
    public record Sample(long usedHeap, long direct, int threads, int sessions, long rss) {
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI uri;

    public HeapProbe(String host, int port) {
        this.uri = URI.create("http://" + host + ":" + port + "/bench/heap");
    }

    public Sample sample() throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
        Map<String, Long> values = new HashMap<>();
        for (String line : response.body().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq).trim(), Long.parseLong(line.substring(eq + 1).trim()));
            }
        }
        for (String key : new String[] {"usedHeap", "direct", "threads", "sessions"}) {
            if (!values.containsKey(key)) {
                throw new IOException("GET " + uri + ": no " + key + " in " + response.body());
            }
        }
        return new Sample(values.get("usedHeap"), values.get("direct"), values.get("threads").intValue(),
                values.get("sessions").intValue(), values.getOrDefault("rss", -1L));
    }

    /**
     * Samples until the server counts {@code count} open sessions (or 10 s pass) and returns the last sample. The
     * client sees the 101 a moment before the server has registered the session, so "all clients open" does not yet
     * mean "all sessions open" (a broadcast sent right then would miss the last few).
     */
    public Sample awaitSessions(int count) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Sample sample = sample();
        while (sample.sessions() < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
            sample = sample();
        }
        return sample;
    }
}
