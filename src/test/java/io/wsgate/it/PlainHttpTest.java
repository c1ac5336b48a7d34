package io.wsgate.it;

import io.wsgate.it.app.PlainServlet;
import io.wsgate.it.app.TestApp;
import io.wsgate.it.raw.HandshakeRequest;
import io.wsgate.it.raw.RawResponse;
import io.wsgate.it.raw.RawWebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Requests that are not WebSocket upgrades for a wsgate endpoint pass through the filter untouched. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlainHttpTest {

    private final ServerPerKind servers = new ServerPerKind(TestApp::configure);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterAll
    void stopServers() throws Exception {
        servers.close();
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void getReachesTheServletUnchanged(ContainerKind kind) throws Exception {
        TestServer server = servers.get(kind);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.httpUri("/hello")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals("servlet GET /hello", response.body());
        assertNothingFromWsgate(response.headers());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void getOfAnEndpointPathWithoutUpgradeReachesTheServlet(ContainerKind kind) throws Exception {
        TestServer server = servers.get(kind);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.httpUri(TestApp.ECHO)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals("servlet GET " + TestApp.ECHO, response.body());
        assertNothingFromWsgate(response.headers());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void postBodyReachesTheServletUnchanged(ContainerKind kind) throws Exception {
        TestServer server = servers.get(kind);
        byte[] body = new byte[1024 * 1024 + 17];
        ThreadLocalRandom.current().nextBytes(body);
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(server.httpUri("/upload"))
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertArrayEquals(body, response.body());
        assertNothingFromWsgate(response.headers());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void upgradeRequestForAPathWithoutEndpointReachesTheServlet(ContainerKind kind) throws Exception {
        TestServer server = servers.get(kind);
        RawResponse response = RawWebSocketClient.exchange(server, HandshakeRequest.to(server, "/no-endpoint-here"));
        assertEquals(200, response.status(), response::toString);
        assertEquals("servlet GET /no-endpoint-here", response.bodyText());
        assertNothingFromWsgate(response.headers());
    }

    private static void assertNothingFromWsgate(HttpHeaders headers) {
        assertTrue(headers.firstValue(PlainServlet.MARKER_HEADER).isPresent(), "the servlet did not answer: " + headers.map());
        for (Map.Entry<String, List<String>> h : headers.map().entrySet()) {
            for (String value : h.getValue()) assertNotFromWsgate(h.getKey(), value);
        }
    }

    private static void assertNothingFromWsgate(List<Map.Entry<String, String>> headers) {
        assertTrue(headers.stream().anyMatch(h -> h.getKey().equalsIgnoreCase(PlainServlet.MARKER_HEADER)), "the servlet did not answer: " + headers);
        for (Map.Entry<String, String> h : headers) assertNotFromWsgate(h.getKey(), h.getValue());
    }

    private static void assertNotFromWsgate(String name, String value) {
        String lowerName = name.toLowerCase(Locale.ROOT);
        String where = name + ": " + value;
        assertTrue(!lowerName.startsWith("sec-websocket"), "WebSocket header on a plain response: " + where);
        assertTrue(!lowerName.equals("upgrade"), "Upgrade header on a plain response: " + where);
        assertTrue(!lowerName.contains("wsgate") && !value.toLowerCase(Locale.ROOT).contains("wsgate"), "wsgate shows in: " + where);
        if (lowerName.equals("connection")) assertTrue(!value.toLowerCase(Locale.ROOT).contains("upgrade"), "Connection: upgrade on a plain response");
    }
}
