package io.wsgate.sample;

import org.eclipse.jetty.http.HostPortHttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpScheme;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.frames.HeadersFrame;
import org.eclipse.jetty.http2.frames.SettingsFrame;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The WAR in a Jetty 12.1 base with https + http2 (no plain http), the common production base: Jetty advertises
 * extended CONNECT, so headless Chromium loads the pages over h2 and opens every WebSocket as an HTTP/2 CONNECT
 * stream (RFC 8441), which wsgate serves through Jetty's tunnel hand-off. Also the same base with README's module
 * that turns extended CONNECT off: Chromium then opens its WebSockets over HTTP/1.1, and wsgate's servlet transport
 * serves them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JettyHttp2DistributionIT {

    /** wsgate's line when it serves the first extended CONNECT (ContainerQuirks). */
    static final String H2_WEBSOCKET_LINE = "workaround engaged: h2-websocket";

    private JettyDistribution jetty;

    @BeforeAll
    void start() throws Exception {
        jetty = JettyDistribution.startHttps(SampleAppContract.WAR, true, "jetty-base-h2");
    }

    @AfterAll
    void stop() throws Exception {
        if (jetty != null) jetty.close();
    }

    @Test
    void chatAndNotificationsLiveWithWebSocketsOverHttp2() throws Exception {
        chatAndNotifications(jetty);
        assertTrue(jetty.log().contains(H2_WEBSOCKET_LINE), "no extended CONNECT served:\n" + jetty.log());
    }

    /** The sample's login filter knows an extended CONNECT for a handshake: 403, not a redirect to the login page. */
    @Test
    void extendedConnectWithoutLoginIsRefusedWith403() throws Exception {
        int port = jetty.base().getPort();
        assertEquals(403, extendedConnectStatus(port, "/app/chat"));
        assertEquals(403, extendedConnectStatus(port, "/app/notifications"));
    }

    @Test
    void withExtendedConnectOffWebSocketsUseHttp11() throws Exception {
        try (JettyDistribution off = JettyDistribution.startHttps(SampleAppContract.WAR, false, "jetty-base-h2-off")) {
            chatAndNotifications(off);
            assertFalse(off.log().contains(H2_WEBSOCKET_LINE), "extended CONNECT still served:\n" + off.log());
        }
    }

    /** Alice and Bob chat both ways and Alice's page shows Bob's notice live; every page over h2. */
    static void chatAndNotifications(Deployment deployment) throws Exception {
        try (Browser alice = Browser.start(deployment.base()); Browser bob = Browser.start(deployment.base())) {
            alice.go("");
            alice.login("alice", "secret");
            alice.awaitState("ws-state", "open");
            assertEquals("h2", alice.driver.executeScript(
                    "return performance.getEntriesByType('navigation')[0].nextHopProtocol"), "the page came over h2");
            alice.go("room");
            alice.awaitState("chat-state", "open");

            bob.go("room");
            bob.login("bob", "secret");
            bob.awaitState("chat-state", "open");
            bob.awaitText("#presence", "alice");
            alice.awaitText("#presence", "bob");

            alice.find("#text").sendKeys("hello over h2");
            alice.find("#say button").click();
            bob.awaitText("#messages", "hello over h2");
            bob.find("#text").sendKeys("hi alice");
            bob.find("#say button").click();
            alice.awaitText("#messages", "hi alice");

            bob.go("post");
            bob.awaitState("ws-state", "open");
            bob.find("#notice").sendKeys("deploy at five");
            bob.find("#send-notice").click();
            alice.awaitText("#notifications", "bob: deploy at five");
        }
    }

    /** The status answering an RFC 8441 WebSocket handshake without a session cookie. */
    private static int extendedConnectStatus(int port, String path) throws Exception {
        ClientConnector connector = new ClientConnector();
        SslContextFactory.Client tls = new SslContextFactory.Client(true);
        tls.setEndpointIdentificationAlgorithm(null);
        connector.setSslContextFactory(tls);
        HTTP2Client client = new HTTP2Client(connector);
        client.start();
        try {
            CompletableFuture<Boolean> settings = new CompletableFuture<>();
            Session session = client.connect(tls, new InetSocketAddress("localhost", port), new Session.Listener() {
                @Override
                public void onSettings(Session session, SettingsFrame frame) {
                    Integer connect = frame.getSettings().get(SettingsFrame.ENABLE_CONNECT_PROTOCOL);
                    settings.complete(connect != null && connect == 1);
                }
            }).get(30, TimeUnit.SECONDS);
            assertTrue(settings.get(30, TimeUnit.SECONDS), "Jetty does not offer extended CONNECT");
            HttpFields.Mutable fields = HttpFields.build()
                    .put("sec-websocket-version", "13")
                    .put("origin", "https://localhost:" + port);
            MetaData.ConnectRequest request = new MetaData.ConnectRequest(HttpScheme.HTTPS,
                    new HostPortHttpField("localhost:" + port), path, fields, "websocket");
            CompletableFuture<Integer> status = new CompletableFuture<>();
            session.newStream(new HeadersFrame(request, null, false), new Stream.Listener() {
                @Override
                public void onHeaders(Stream stream, HeadersFrame frame) {
                    if (frame.getMetaData() instanceof MetaData.Response response) status.complete(response.getStatus());
                }
            }).get(30, TimeUnit.SECONDS);
            int answer = status.get(30, TimeUnit.SECONDS);
            session.close(0, "done", Callback.NOOP);
            return answer;
        } finally {
            client.stop();
        }
    }
}
