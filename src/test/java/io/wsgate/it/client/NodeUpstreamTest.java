package io.wsgate.it.client;

import io.wsgate.it.ContainerKind;
import io.wsgate.it.ContextExtras;
import io.wsgate.it.ServerPerKind;
import io.wsgate.it.app.TestApp;
import io.wsgate.jakarta.WsgateInitializer;
import io.wsgate.jakarta.client.WsgateClientContainer;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * wsgate's client against an independent server, Node's {@code ws} (which refuses unmasked client frames): from
 * Java SE, and from inside a web application on Tomcat 11, Jetty 12.1 ee11 and ee10.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeUpstreamTest {

    private final NodeUpstream node;
    private final WsgateClientContainer client = new WsgateClientContainer();
    private final ServerPerKind servers = new ServerPerKind(
            ContextExtras.none().initializer(new WsgateInitializer(), UpstreamEndpoints.ALL),
            context -> {
                TestApp.addPlainServlet(context);
                context.addServlet("relay", RelayServlet.class).addMapping("/relay");
            });

    NodeUpstreamTest() throws Exception {
        node = new NodeUpstream();
        client.setDefaultMaxBinaryMessageBufferSize(8 * 1024 * 1024);
    }

    @AfterAll
    void stop() throws Exception {
        servers.close();
        node.close();
    }

    private Session connect(ClientInbox inbox, ClientEndpointConfig config) throws Exception {
        return client.connectToServer(inbox, config, URI.create(node.url("/")));
    }

    @Test
    void textBinaryAndLargeMessagesBothWays() throws Exception {
        ClientInbox inbox = new ClientInbox();
        Session s = connect(inbox, ClientEndpointConfig.Builder.create().build());
        s.getBasicRemote().sendText("hello ✓ 😀");
        assertEquals("hello ✓ 😀", inbox.nextText());
        byte[] big = new byte[5 * 1024 * 1024];
        new Random(9).nextBytes(big);
        s.getBasicRemote().sendBinary(ByteBuffer.wrap(big));
        assertArrayEquals(big, (byte[]) inbox.next());
        // "fragments" sent in three parts; the server, having read it whole, answers with a message in three frames
        s.getBasicRemote().sendText("frag", false);
        s.getBasicRemote().sendText("ment", false);
        s.getBasicRemote().sendText("s", true);
        assertEquals("fragmented", inbox.nextText());
        s.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(4003), "bye"));
        assertEquals(4003, inbox.awaitClose().getCloseCode().getCode());
        assertEquals("CLOSE 4003 bye", node.nextLine());
    }

    @Test
    void pingsBothWays() throws Exception {
        ClientInbox inbox = new ClientInbox();
        Session s = connect(inbox, ClientEndpointConfig.Builder.create().build());
        s.getBasicRemote().sendPing(ByteBuffer.wrap(new byte[]{4, 5}));
        assertEquals(ByteBuffer.wrap(new byte[]{4, 5}), ((PongMessage) inbox.next()).getApplicationData());
        s.getBasicRemote().sendText("ping");               // the server pings; the client's engine answers
        assertEquals("pong 1", inbox.nextText());
        s.getBasicRemote().sendText("close 4001");
        CloseReason reason = inbox.awaitClose();
        assertEquals(4001, reason.getCloseCode().getCode());
        assertEquals("asked", reason.getReasonPhrase());
        assertEquals("CLOSE 4001 asked", node.nextLine());
    }

    @Test
    void subprotocolAndConfiguratorHeaders() throws Exception {
        ClientInbox inbox = new ClientInbox();
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create().preferredSubprotocols(List.of("a", "c", "b"))
                .configurator(new ClientEndpointConfig.Configurator() {
                    @Override
                    public void beforeRequest(Map<String, List<String>> headers) {
                        headers.put("X-Client", List.of("se"));
                    }
                }).build();
        Session s = connect(inbox, config);
        assertEquals("c", s.getNegotiatedSubprotocol());
        assertEquals("x-client=se", inbox.nextText());
        s.close();
        inbox.awaitClose();
        assertEquals("CLOSE 1000 ", node.nextLine());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void fromInsideAWebApplication(ContainerKind kind) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String via : List.of("provider", "container")) {
            URI relay = servers.get(kind).httpUri("/relay?via=" + via + "&msg=upstream-" + via + "&upstream="
                    + URLEncoder.encode(node.url("/"), StandardCharsets.UTF_8));
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(relay).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("upstream-" + via + " via " + (via.equals("provider") ? "WsgateClientContainer" : "WsgateServerContainer"),
                    r.body());
            assertEquals("CLOSE 1000 ", node.nextLine());
        }
    }
}
