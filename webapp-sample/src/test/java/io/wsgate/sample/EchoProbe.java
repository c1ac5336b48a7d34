package io.wsgate.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** A fresh, well-behaved client: does an echo endpoint still answer it, and how fast? (JDK WebSocket client.) */
final class EchoProbe {

    /** Whether the round trip worked, with its time or the reason it did not. */
    record Outcome(boolean served, String detail) {
        @Override
        public String toString() { return (served ? "served in " : "NOT served: ") + detail; }
    }

    private EchoProbe() {}

    /** Connects, sends one text message, waits for it to come back, closes; all within {@code limit}. */
    static Outcome roundTrip(URI echo, Duration limit) {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        HttpClient http = HttpClient.newBuilder().connectTimeout(limit).build();
        String message = "probe-" + start;
        CompletableFuture<String> reply = new CompletableFuture<>();
        WebSocket webSocket = null;
        try {
            webSocket = http.newWebSocketBuilder().connectTimeout(limit).buildAsync(echo, new WebSocket.Listener() {
                private final StringBuilder text = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    text.append(data);
                    if (last) reply.complete(text.toString());
                    ws.request(1);
                    return null;
                }

                @Override
                public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                    reply.completeExceptionally(new IllegalStateException("closed with " + statusCode + " " + reason));
                    return null;
                }

                @Override
                public void onError(WebSocket ws, Throwable error) {
                    reply.completeExceptionally(error);
                }
            }).get(left(deadline), TimeUnit.NANOSECONDS);
            webSocket.sendText(message, true).get(left(deadline), TimeUnit.NANOSECONDS);
            String echoed = reply.get(left(deadline), TimeUnit.NANOSECONDS);
            if (!echoed.equals(message)) return new Outcome(false, "echoed " + echoed + " instead of " + message);
            return new Outcome(true, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
        } catch (Exception e) {
            return new Outcome(false, "after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms: " + e);
        } finally {
            if (webSocket != null) webSocket.abort();
        }
    }

    private static long left(long deadline) {
        return Math.max(1, deadline - System.nanoTime());
    }
}
