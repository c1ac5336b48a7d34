package io.wsgate.it.jakarta;

import io.wsgate.it.ContainerKind;
import io.wsgate.it.ServerPerKind;
import io.wsgate.it.TestServer;
import io.wsgate.it.clients.Inbox;
import io.wsgate.it.clients.JdkClient;
import io.wsgate.it.raw.HandshakeRequest;
import io.wsgate.it.raw.RawResponse;
import io.wsgate.it.raw.RawWebSocketClient;
import io.wsgate.it.raw.ServerFrame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import static io.wsgate.it.raw.FrameBuilder.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Programmatic endpoints chosen by a ServerApplicationConfig, with MessageHandler.Whole and Partial, and a
 * ServerEndpointConfig.Configurator overriding modifyHandshake, checkOrigin, getNegotiatedSubprotocol and
 * getEndpointInstance.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProgrammaticEndpointTest {

    // The annotated TextEcho is scanned too, but the ServerApplicationConfig leaves it out.
    private final ServerPerKind servers = JakartaApp.servers(ProgrammaticEndpoints.Config.class,
            ProgrammaticEndpoints.Handlers.class, ProgrammaticEndpoints.Configured.class, AnnotatedEndpoints.TextEcho.class);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterAll
    void stop() throws Exception {
        servers.close();
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void wholeAndPartialHandlersAndASecondHandlerOfTheSameTypeIsRefused(ContainerKind kind) throws Exception {
        JdkClient.Connection c = JdkClient.connect(http, servers.get(kind).wsUri("/handlers"));
        assertEquals("second refused:IllegalStateException;handlers=2", c.inbox().nextText());
        c.webSocket().sendText("hi", true).get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals("whole:hi", c.inbox().nextText());
        c.webSocket().sendBinary(ByteBuffer.allocate(5), false).get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
        c.webSocket().sendBinary(ByteBuffer.allocate(0), true).get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
        // Parts may be split further by the server, never merged across frames; their sizes add up.
        int total = 0;
        boolean last = false;
        while (!last) {
            String[] part = c.inbox().nextText().split(":");
            assertEquals("part", part[0]);
            total += Integer.parseInt(part[1]);
            last = Boolean.parseBoolean(part[2]);
        }
        assertEquals(5, total);
        c.webSocket().sendClose(1000, "").get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(1000, c.inbox().awaitClose().code());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void annotatedClassesLeftOutByTheApplicationConfigAreNotDeployed(ContainerKind kind) throws Exception {
        TestServer server = servers.get(kind);
        RawResponse response = RawWebSocketClient.exchange(server, HandshakeRequest.to(server, "/text"));
        // no endpoint: wsgate passes the upgrade request on to the application's servlet
        assertEquals(200, response.status(), response.toString());
        assertEquals("yes", response.header("X-Plain-Servlet"));
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void theConfiguratorSeesTheHandshakeAddsAHeaderPicksTheSubprotocolAndMakesTheEndpoint(ContainerKind kind) throws Exception {
        TestServer server = servers.get(kind);
        HandshakeRequest request = HandshakeRequest.to(server, "/configured/blue?q=1&q=2&x=%C3%A9")
                .add("X-Test", "hello").add("Sec-WebSocket-Protocol", "v1, v2").add("Origin", "http://friend.example");
        try (RawWebSocketClient c = RawWebSocketClient.open(server, request)) {
            assertEquals("yes", c.handshake().header("X-Configured"), c.handshake().toString());
            assertEquals("v2", c.handshake().header("Sec-WebSocket-Protocol"));
            assertEquals("made by the configurator", c.expectFrame(0x1).text());
            assertEquals("subprotocol=v2", c.expectFrame(0x1).text());
            String seen = c.expectFrame(0x1).text();
            assertEquals("seen={header=[hello], params={q=[1, 2], room=[blue], x=[é]}, query=q=1&q=2&x=%C3%A9, uri="
                    + server.wsUri("/configured/blue?q=1&q=2&x=%C3%A9") + "}", seen);
            c.send(text("bye").fin(true));
            c.replyCloseQuietly(1000);
        }
    }

    /**
     * getNegotiatedExtensions receives the endpoint's configured extensions with wsgate's installed ones; the
     * default answers the requested ones among them in the client's order; the response and the session hold only
     * extensions wsgate implements (none of these).
     */
    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void theConfiguratorNegotiatesTheEndpointsExtensionsButOnlyImplementedOnesAreUsed(ContainerKind kind) throws Exception {
        TestServer server = servers.get(kind);
        HandshakeRequest request = HandshakeRequest.to(server, "/extensions")
                .add("Sec-WebSocket-Extensions", "x-unknown; a=1, x-other, x-endpoint; b=\"2\"");
        try (RawWebSocketClient c = RawWebSocketClient.open(server, request)) {
            assertEquals(null, c.handshake().header("Sec-WebSocket-Extensions"), c.handshake().toString());
            assertEquals("installed=[x-endpoint, x-other, permessage-deflate] requested=[x-unknown[a=1], x-other[], x-endpoint[b=2]]"
                    + " negotiated=[x-other[], x-endpoint[b=2]] session=[]", c.expectFrame(0x1).text());
            c.send(text("bye").fin(true));
            c.replyCloseQuietly(1000);
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void checkOriginOverrideDecides(ContainerKind kind) throws Exception {
        TestServer server = servers.get(kind);
        RawResponse refused = RawWebSocketClient.exchange(server,
                HandshakeRequest.to(server, "/configured/red").add("Origin", "http://" + server.authority()));
        assertEquals(403, refused.status(), "the override refuses even the same origin: " + refused);
        JdkClient.Connection c = JdkClient.connect(http, server.wsUri("/configured/red"), "v1");
        assertEquals("made by the configurator", c.inbox().nextText());
        assertEquals("subprotocol=v1", c.inbox().nextText());
        assertEquals("v1", c.webSocket().getSubprotocol());
        c.webSocket().sendClose(1000, "").get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(1000, c.inbox().awaitClose().code());
    }
}
