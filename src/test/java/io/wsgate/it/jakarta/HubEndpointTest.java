package io.wsgate.it.jakarta;

import io.wsgate.cluster.Hub;
import io.wsgate.it.ContainerKind;
import io.wsgate.it.ServerPerKind;
import io.wsgate.it.TestServer;
import io.wsgate.it.clients.Inbox;
import io.wsgate.it.clients.JdkClient;
import io.wsgate.it.raw.RawWebSocketClient;
import jakarta.servlet.ServletContext;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster {@link Hub} on one node from an annotated endpoint, with real clients: subscribers of a topic get a
 * publication once, a user's every session gets what is sent to the user (the principal a login filter set), presence
 * follows subscriptions and closes, and the presence listener hears joins and leaves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HubEndpointTest {

    private final ServerPerKind servers = JakartaApp.servers(HubEndpointTest::configure, Topics.class);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterAll
    void stop() throws Exception {
        servers.close();
    }

    private static void configure(ServletContext context) {
        LoginApp.configure(context);
        Hub hub = Hub.of(context);
        // presence events of every topic go to the topic "events", as an application's "who is online" would
        hub.addPresenceListener(e -> hub.publish("events", (e.joined() ? "+" : "-") + e.user() + "@" + e.topic()));
    }

    /** {@code /topics/{topic}}: subscribes; "pub:X" publishes X, "bin:X" publishes X as binary, "to:U:X" sends X to
     * user U, "who" answers the topic's presence. */
    @ServerEndpoint("/topics/{topic}")
    public static final class Topics {
        @OnOpen
        public void open(Session session, @PathParam("topic") String topic) {
            Hub.of(session).subscribe(session, topic);
        }

        @OnMessage
        public String message(Session session, @PathParam("topic") String topic, String text) {
            Hub hub = Hub.of(session);
            if (text.startsWith("pub:")) hub.publish(topic, text.substring(4));
            else if (text.startsWith("bin:")) hub.publish(topic, ByteBuffer.wrap(text.substring(4).getBytes(StandardCharsets.UTF_8)));
            else if (text.startsWith("to:")) {
                String[] parts = text.split(":", 3);
                hub.sendToUser(parts[1], parts[2]);
            } else if (text.equals("who")) return "who=" + hub.presence(topic);
            else if (text.startsWith("flood:")) {
                // 64 KiB messages to the topic "flood", from this endpoint's own callback thread
                String big = "x".repeat(64 * 1024);
                long refusedBefore = hub.stats().refused();
                for (int i = Integer.parseInt(text.substring(6)); i > 0; i--) hub.publish("flood", big);
                return "flooded refused=" + (hub.stats().refused() - refusedBefore);
            }
            return null;
        }
    }

    private String login(TestServer server, String user) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.httpUri("/login?user=" + user)).build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        return cookie.substring(0, cookie.indexOf(';'));
    }

    private JdkClient.Connection connect(TestServer server, String cookie, String topic) throws Exception {
        return JdkClient.connect(http.newWebSocketBuilder().header("Cookie", cookie), server.wsUri("/topics/" + topic));
    }

    private static void send(JdkClient.Connection c, String text) throws Exception {
        c.webSocket().sendText(text, true).get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Asks for the presence: also proves nothing else (a second copy of a message) arrived before the answer. */
    private static String who(JdkClient.Connection c) throws Exception {
        send(c, "who");
        return c.inbox().nextText();
    }

    /**
     * A subscriber that never reads: its outbound bound (1 MiB) refuses what does not fit, the publisher is never held
     * (the flood of 12.5 MiB returns), the refusals are counted, and the other sessions are served as before.
     */
    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aSubscriberThatNeverReadsNeitherBlocksThePublisherNorTheOthers(ContainerKind kind) throws Exception {
        TestServer server = servers.get(kind);
        try (RawWebSocketClient stalled = RawWebSocketClient.open(server, "/topics/flood")) {
            JdkClient.Connection reader = connect(server, login(server, "reader"), "news");
            JdkClient.Connection publisher = connect(server, login(server, "publisher"), "news");
            // The publisher's answer comes after its onOpen (where it subscribed) has run; the reader's after its own.
            who(publisher);
            assertEquals("who=[publisher, reader]", who(reader));
            send(publisher, "flood:200");
            String answer = publisher.inbox().nextText();
            long refused = Long.parseLong(answer.substring("flooded refused=".length()));
            assertTrue(refused > 0, answer);
            // the other sessions are served as before while the stalled one holds its bound
            send(publisher, "pub:after the flood");
            assertEquals("after the flood", reader.inbox().nextText());
            assertEquals("after the flood", publisher.inbox().nextText());
            reader.webSocket().abort();
            publisher.webSocket().abort();
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void topicsUsersAndPresence(ContainerKind kind) throws Exception {
        TestServer server = servers.get(kind);
        String alice = login(server, "alice");
        String bob = login(server, "bob");
        JdkClient.Connection events = connect(server, login(server, "watcher"), "events");
        assertEquals("+watcher@events", events.inbox().nextText());

        JdkClient.Connection aliceInRoom = connect(server, alice, "room");
        assertEquals("+alice@room", events.inbox().nextText());
        JdkClient.Connection bobInRoom = connect(server, bob, "room");
        assertEquals("+bob@room", events.inbox().nextText());
        JdkClient.Connection aliceElsewhere = connect(server, alice, "elsewhere");
        assertEquals("+alice@elsewhere", events.inbox().nextText());
        assertEquals("who=[alice, bob]", who(aliceInRoom));

        send(bobInRoom, "pub:hello room");
        assertEquals("hello room", aliceInRoom.inbox().nextText());
        assertEquals("hello room", bobInRoom.inbox().nextText());
        send(aliceInRoom, "bin:bytes");
        assertEquals("bytes", new String(aliceInRoom.inbox().nextBinary(), StandardCharsets.UTF_8));
        assertEquals("bytes", new String(bobInRoom.inbox().nextBinary(), StandardCharsets.UTF_8));
        assertEquals("who=[alice, bob]", who(bobInRoom));
        assertEquals("who=[alice]", who(aliceElsewhere), "a publication to room did not reach elsewhere");

        send(bobInRoom, "to:alice:for alice");
        assertEquals("for alice", aliceInRoom.inbox().nextText());
        assertEquals("for alice", aliceElsewhere.inbox().nextText());
        assertEquals("who=[alice, bob]", who(bobInRoom), "bob did not get alice's message");

        bobInRoom.webSocket().sendClose(1000, "").get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals("-bob@room", events.inbox().nextText());
        assertEquals("who=[alice]", who(aliceInRoom));
        aliceInRoom.webSocket().abort();
        assertEquals("-alice@room", events.inbox().nextText());
        assertEquals("who=[alice]", who(aliceElsewhere));
        aliceElsewhere.webSocket().sendClose(1000, "").get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals("-alice@elsewhere", events.inbox().nextText());
        events.webSocket().abort();
    }
}
