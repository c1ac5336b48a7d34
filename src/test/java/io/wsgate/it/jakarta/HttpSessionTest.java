package io.wsgate.it.jakarta;

import io.wsgate.it.ContainerKind;
import io.wsgate.it.ServerPerKind;
import io.wsgate.it.raw.HandshakeRequest;
import io.wsgate.it.raw.RawResponse;
import io.wsgate.it.raw.RawWebSocketClient;
import io.wsgate.it.TestServer;
import io.wsgate.it.clients.Inbox;
import io.wsgate.it.clients.JdkClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HttpSession and user of the handshake: the principal a filter put on the request reaches the endpoint;
 * invalidating the HttpSession closes its WebSockets with 1008, also after the session id changed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpSessionTest {

    private final ServerPerKind servers = JakartaApp.servers(LoginApp::configure, LoginApp.Secure.class);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterAll
    void stop() throws Exception {
        servers.close();
    }

    /** Logs in (or, with {@code cookie}, acts within that session) and returns the JSESSIONID cookie in effect. */
    private String get(TestServer server, String pathAndQuery, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.httpUri(pathAndQuery));
        if (cookie != null) request.header("Cookie", cookie);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.headers().firstValue("Set-Cookie").map(c -> c.substring(0, c.indexOf(';'))).orElse(cookie);
    }

    private JdkClient.Connection connect(TestServer server, String cookie) throws Exception {
        return JdkClient.connect(http.newWebSocketBuilder().header("Cookie", cookie), server.wsUri("/secure"));
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void theFiltersPrincipalAndTheHttpSessionReachTheEndpoint(ContainerKind kind) throws Exception {
        TestServer server = servers.get(kind);
        String cookie = get(server, "/login?user=alice", null);
        assertTrue(cookie.startsWith("JSESSIONID="), cookie);
        JdkClient.Connection c = connect(server, cookie);
        assertEquals("principal=alice handshake=alice/session-user-alice", c.inbox().nextText());
        c.webSocket().sendClose(1000, "").get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(1000, c.inbox().awaitClose().code());

        JdkClient.Connection anonymous = JdkClient.connect(http, server.wsUri("/secure"));
        assertEquals("principal=null handshake=null/no-session", anonymous.inbox().nextText());
        anonymous.webSocket().sendClose(1000, "").get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(1000, anonymous.inbox().awaitClose().code());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void logoutClosesTheWebSocketWith1008(ContainerKind kind) throws Exception {
        TestServer server = servers.get(kind);
        String cookie = get(server, "/login?user=bob", null);
        JdkClient.Connection c = connect(server, cookie);
        assertEquals("principal=bob handshake=bob/session-user-bob", c.inbox().nextText());
        get(server, "/logout", cookie);
        assertEquals(1008, c.inbox().awaitClose().code());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aChangedSessionIdKeepsTheLink(ContainerKind kind) throws Exception {
        TestServer server = servers.get(kind);
        String cookie = get(server, "/login?user=carol", null);
        JdkClient.Connection c = connect(server, cookie);
        assertEquals("principal=carol handshake=carol/session-user-carol", c.inbox().nextText());
        String rotated = get(server, "/login?user=carol&rotate=1", cookie);
        assertNotEquals(cookie, rotated, "the session id did not change");
        get(server, "/logout", rotated);
        assertEquals(1008, c.inbox().awaitClose().code());
    }

    /**
     * Cross-site WebSocket hijacking with a duplicated Origin: the browser's cookie rides along, the first Origin is
     * the page's own, the second the attacker's. Must be refused before the session is looked at.
     */
    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void twoOriginsWithTheUsersCookieAreForbidden(ContainerKind kind) throws Exception {
        TestServer server = servers.get(kind);
        String cookie = get(server, "/login?user=dave", null);
        String own = "http://" + server.authority();
        try (RawWebSocketClient sameOrigin = RawWebSocketClient.open(server, HandshakeRequest.to(server, "/secure")
                .add("Cookie", cookie).add("Origin", own))) {
            assertEquals(101, sameOrigin.handshake().status());    // the page's own origin alone may connect
        }
        RawResponse response = RawWebSocketClient.exchange(server, HandshakeRequest.to(server, "/secure")
                .add("Cookie", cookie).add("Origin", own).add("Origin", "https://evil.example"));
        assertEquals(403, response.status(), response::toString);
        assertFalse(response.hasHeader("Sec-WebSocket-Accept"), response::toString);
    }
}
