package io.wsgate.sample;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.wsgate.sample.Visitor.WAIT_SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the packaged sample WAR must do in every container it is deployed to, checked over HTTP and with the JDK's
 * WebSocket client and Node's {@code ws}. Subclasses start one container for the whole class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SampleAppContract {

    static final Path WAR = Path.of(System.getProperty("sample.war", "target/wsgate-webapp-sample.war"));

    Deployment deployment;

    abstract Deployment deploy() throws Exception;

    /** Whether the container serves the JSP pages (a Jetty base without annotations has no JSP). */
    boolean hasJsp() { return true; }

    @BeforeAll
    void start() throws Exception {
        deployment = deploy();
    }

    @AfterAll
    void stop() throws Exception {
        if (deployment != null) deployment.close();
    }

    @Test
    void pagesNeedLoginAndFormPostRedirectsToGet() throws Exception {
        Visitor anonymous = new Visitor(deployment);
        HttpResponse<String> home = anonymous.get("");
        assertEquals(302, home.statusCode());
        assertTrue(home.headers().firstValue("Location").orElse("").contains("/login?next="), "to the login page");
        assertEquals(302, anonymous.get("status").statusCode());

        Visitor alice = new Visitor(deployment).login("alice");
        if (hasJsp()) {
            HttpResponse<String> login = anonymous.get("login");
            assertEquals(200, login.statusCode());
            assertTrue(login.body().contains(">login.jsp<"), "rendered by login.jsp");
            assertEquals(401, anonymous.post("login", Map.of("user", "alice", "password", "wrong")).statusCode());
            HttpResponse<String> page = alice.get("");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains(">home.jsp<") && page.body().contains("signed in as"), page.body());
            assertFalse(page.body().contains("<%"), "JSP compiled, not served as text");
        }
        HttpResponse<String> posted = alice.post("post", Map.of("notice", "contract notice"));
        assertEquals(303, posted.statusCode());
        assertTrue(posted.headers().firstValue("Location").orElse("").endsWith("/post?sent"));
        HttpResponse<String> form = alice.get("post?sent");
        assertEquals(200, form.statusCode());
        assertTrue(form.body().contains("alice: contract notice"), form.body());

        HttpResponse<String> status = alice.get("status");
        assertEquals(200, status.statusCode());
        assertTrue(status.body().contains("io.wsgate.jakarta.WsgateServerContainer"),
                "wsgate, not the container's own WebSocket: " + status.body());
    }

    @Test
    void upgradeWithoutLoginIsRefusedWith403() {
        Visitor anonymous = new Visitor(deployment);
        for (String path : new String[] {"/chat", "/notifications"}) {
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> anonymous.open(path).get(WAIT_SECONDS, TimeUnit.SECONDS));
            WebSocketHandshakeException handshake = assertInstanceOf(WebSocketHandshakeException.class, refused.getCause());
            assertEquals(403, handshake.getResponse().statusCode(), path);
        }
    }

    @Test
    void onlyTheApplicationsOwnOriginMayOpenTheChat() throws Exception {
        Visitor alice = new Visitor(deployment).login("alice");
        String own = deployment.base().resolve("/").toString().replaceAll("/$", "");
        Visitor.Socket allowed = alice.open("/chat", own).get(WAIT_SECONDS, TimeUnit.SECONDS);
        allowed.next("\"type\":\"history\"");
        allowed.webSocket.sendClose(1000, "").get(WAIT_SECONDS, TimeUnit.SECONDS);

        // Logged in, so the application's filter lets it through: wsgate's same-origin check refuses it.
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> alice.open("/chat", "http://evil.example").get(WAIT_SECONDS, TimeUnit.SECONDS));
        WebSocketHandshakeException handshake = assertInstanceOf(WebSocketHandshakeException.class, refused.getCause());
        assertEquals(403, handshake.getResponse().statusCode());
    }

    @Test
    void chatHasHistoryAndPresenceAndLogoutClosesWith1008() throws Exception {
        Visitor carol = new Visitor(deployment).login("carol");
        Visitor.Socket carolChat = carol.open("/chat").get(WAIT_SECONDS, TimeUnit.SECONDS);
        carolChat.next("\"type\":\"history\"");
        carolChat.next("\"carol\"");
        carolChat.send("first from carol");
        carolChat.next("first from carol");

        Visitor bob = new Visitor(deployment).login("bob");
        Visitor.Socket bobChat = bob.open("/chat").get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertTrue(bobChat.next("\"type\":\"history\"").contains("\"user\":\"carol\",\"text\":\"first from carol\""),
                "a newcomer gets the recent messages");
        String presence = carolChat.next("\"bob\"");
        assertTrue(presence.contains("\"type\":\"presence\"") && presence.contains("\"carol\""), presence);
        bobChat.send("hello carol");
        assertTrue(carolChat.next("hello carol").contains("\"user\":\"bob\""));

        Visitor.Socket bobNotices = bob.open("/notifications").get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(303, carol.post("post", Map.of("notice", "pushed to bob")).statusCode());
        assertTrue(bobNotices.next("pushed to bob").contains("\"user\":\"carol\""));

        assertEquals(302, bob.post("logout", Map.of()).statusCode());
        assertEquals(1008, bobChat.closed.get(WAIT_SECONDS, TimeUnit.SECONDS), "logout ends bob's chat with 1008");
        assertEquals(1008, bobNotices.closed.get(WAIT_SECONDS, TimeUnit.SECONDS));
        String after = carolChat.next("\"type\":\"presence\"");
        assertFalse(after.contains("\"bob\""), "bob left the presence list: " + after);
        carolChat.webSocket.sendClose(1000, "").get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void nodeWsClientEchoesTextBinaryFragmentedAnd16MiB() throws Exception {
        NodeClient.Result result = NodeClient.runEchoCheck(deployment.ws("/echo").toString());
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("ok 16 MiB binary") && result.output().contains("ok fragmented text")
                && result.output().contains("all 8 echo checks ok"), result.output());
    }

    @Test
    void nodeWsClientNegotiatesDeflateWithEveryOptionAndEchoes() throws Exception {
        NodeClient.Result result = NodeClient.runDeflateCheck(deployment.ws("/echo").toString());
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("ok serverMaxWindowBits 9: permessage-deflate; server_max_window_bits=9")
                && result.output().contains("all 6 deflate checks ok"), result.output());
    }
}
