package io.wsgate.sample;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** One user agent without a browser: its own cookies (so its own HttpSession), pages, forms and WebSockets. */
final class Visitor {

    static final int WAIT_SECONDS = 30;

    private final Deployment deployment;
    private final HttpClient http;
    private final CookieManager cookies = new CookieManager();

    Visitor(Deployment deployment) {
        this.deployment = deployment;
        this.http = HttpClient.newBuilder().cookieHandler(cookies)
                .connectTimeout(Duration.ofSeconds(WAIT_SECONDS)).build();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, Map<String, String> form) throws IOException, InterruptedException {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return http.send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    Visitor login(String user) throws IOException, InterruptedException {
        HttpResponse<String> response = post("login", Map.of("user", user, "password", "secret", "next", "/"));
        assertEquals(302, response.statusCode(), "login of " + user + " on the " + deployment.name());
        return this;
    }

    /** The value of this visitor's cookie {@code name}, or null. */
    String cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                .map(java.net.HttpCookie::getValue).findFirst().orElse(null);
    }

    /** Opens a WebSocket with this visitor's cookies; the future fails with the handshake's refusal. */
    CompletableFuture<Socket> open(String path) {
        return open(path, null);
    }

    /** The same with an Origin header, as a browser sends (null: none, as non-browser clients do). */
    CompletableFuture<Socket> open(String path, String origin) {
        Socket socket = new Socket();
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(WAIT_SECONDS));
        if (origin != null) builder.header("Origin", origin);
        return builder.buildAsync(deployment.ws(path), socket).thenApply(ws -> socket);
    }

    private HttpRequest.Builder request(String path) {
        URI uri = deployment.base().resolve(path);
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(WAIT_SECONDS));
    }

    /** A client WebSocket that queues the whole text messages it receives and records the close code. */
    static final class Socket implements WebSocket.Listener {
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();
        volatile WebSocket webSocket;

        @Override
        public void onOpen(WebSocket webSocket) {
            this.webSocket = webSocket;
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                received.add(text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }

        /** The next received message containing {@code part}, skipping others (presence updates and the like). */
        String next(String part) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (true) {
                String message = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                assertNotNull(message, "no message containing " + part + " within " + WAIT_SECONDS + " s");
                if (message.contains(part)) return message;
            }
        }

        void send(String message) throws Exception {
            webSocket.sendText(message, true).get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
