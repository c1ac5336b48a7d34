package io.wsgate.it;

import io.wsgate.engine.WebSocketPolicy;
import io.wsgate.it.app.EchoListener;
import io.wsgate.it.app.FloodListener;
import io.wsgate.it.app.TestApp;
import io.wsgate.it.clients.JdkClient;
import io.wsgate.it.raw.FrameBuilder;
import io.wsgate.it.raw.HandshakeRequest;
import io.wsgate.it.raw.RawResponse;
import io.wsgate.it.raw.RawWebSocketClient;
import io.wsgate.servlet.WebSocketRoute;
import io.wsgate.servlet.WebSocketRoutes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.management.ObjectName;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The metrics as an operator reads them: through the platform MBean server, after real traffic, on every container.
 * Each test starts its own server, so every figure starts at 0 and can be checked exactly.
 */
class MetricsTest {

    private static final String FLOOD = "/flood";
    private static final int BOUND = 256 * 1024;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static Jmx.Started start(ContainerKind kind) {
        return start(kind, Map.of());
    }

    private static Jmx.Started start(ContainerKind kind, Map<String, String> params) {
        return Jmx.start(() -> TestServer.start(kind, context -> {
            TestApp.configure(context, params);
            WebSocketRoutes.of(context).add(new WebSocketRoute(FLOOD, (request, subprotocol) -> new FloodListener())
                    .policy(new WebSocketPolicy().maxOutboundBytes(BOUND)));
        }));
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void sessionsMessagesBytesAndCloseCodesAreCountedPerEndpointAndApplication(ContainerKind kind) throws Exception {
        try (Jmx.Started started = start(kind)) {
            ObjectName app = started.application();
            ObjectName echo = started.endpoint(TestApp.ECHO);
            // every endpoint known at startup has its MBean before any connection
            assertTrue(Jmx.registered(echo), echo::toString);
            assertTrue(Jmx.registered(started.endpoint(TestApp.SMALL)));
            assertEquals(List.of(TestApp.ALLOW_LIST, TestApp.CLOSER, TestApp.ECHO, TestApp.FEW_FRAMES, FLOOD,
                    TestApp.PROTO, TestApp.SMALL), List.of((String[]) Jmx.get(app, "Endpoints")));

            JdkClient.Connection c = JdkClient.connect(HttpClient.newHttpClient(), started.server().wsUri(TestApp.ECHO));
            for (String text : List.of("a", "bb", "ccc")) {
                c.webSocket().sendText(text, true).get(30, TimeUnit.SECONDS);
                assertEquals(text, c.inbox().nextText());
            }
            c.webSocket().sendBinary(ByteBuffer.wrap(new byte[4]), true).get(30, TimeUnit.SECONDS);
            c.inbox().nextBinary();
            assertEquals(1, Jmx.number(echo, "OpenSessions"));
            assertEquals(1, Jmx.number(app, "OpenSessions"));
            c.webSocket().sendClose(WebSocket.NORMAL_CLOSURE, "").get(30, TimeUnit.SECONDS);
            assertEquals(1000, c.inbox().awaitClose().code());

            // In: masked frames, 6 header bytes each (2 + mask): "a" 7, "bb" 8, "ccc" 9, 4 bytes 10, close (code) 8.
            // Out: unmasked, 2 header bytes: 3, 4, 5, 6, and the close frame answering with the code, 4.
            long bytesIn = 7 + 8 + 9 + 10 + 8;
            long bytesOut = 3 + 4 + 5 + 6 + 4;
            assertTrue(Deadline.await(WAIT, () -> Jmx.number(echo, "SessionsClosed") == 1
                    && Jmx.number(echo, "BytesOut") == bytesOut), () -> "closed and answered: " + figures(echo));
            for (ObjectName name : List.of(echo, app)) {
                assertEquals(0, Jmx.number(name, "OpenSessions"), name::toString);
                assertEquals(1, Jmx.number(name, "SessionsOpened"), name::toString);
                assertEquals(1, Jmx.number(name, "SessionsClosed"), name::toString);
                assertEquals(4, Jmx.number(name, "MessagesIn"), name::toString);
                assertEquals(4, Jmx.number(name, "MessagesOut"), name::toString);
                assertEquals(bytesIn, Jmx.number(name, "BytesIn"), name::toString);
                assertEquals(bytesOut, Jmx.number(name, "BytesOut"), name::toString);
                assertEquals(Map.of("1000", 1L), Jmx.map(name, "CloseCodes"), name::toString);
                assertEquals(0, Jmx.number(name, "OutboundBytesQueued"), name::toString);
                assertEquals(0, Jmx.number(name, "BytesAfterCompressionOut"), "no compression yet");
            }
            assertEquals(0, Jmx.number(started.endpoint(TestApp.SMALL), "SessionsOpened"), "other endpoints: nothing");

            // a close code the endpoint chose
            try (RawWebSocketClient closer = RawWebSocketClient.open(started.server(), TestApp.CLOSER)) {
                ServerClose.expect(closer, 4000);
            }
            ObjectName closerName = started.endpoint(TestApp.CLOSER);
            assertTrue(Deadline.await(WAIT, () -> Jmx.number(closerName, "SessionsClosed") == 1), () -> figures(closerName));
            assertEquals(Map.of("4000", 1L), Jmx.map(closerName, "CloseCodes"));
            assertEquals(Map.of("1000", 1L, "4000", 1L), Jmx.map(app, "CloseCodes"), "the application sums its endpoints");
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void refusedHandshakesAreCountedByReasonAndLoggedAtWarning(ContainerKind kind) throws Exception {
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override public void publish(LogRecord record) { logged.add(record); }
            @Override public void flush() {}
            @Override public void close() {}
        };
        Logger logger = Logger.getLogger("io.wsgate.servlet.WebSocketUpgrader");
        logger.addHandler(handler);
        try (Jmx.Started started = start(kind)) {
            TestServer server = started.server();
            RawResponse origin = RawWebSocketClient.exchange(server,
                    HandshakeRequest.to(server, TestApp.ECHO).add("Origin", "https://evil.example"));
            assertEquals(403, origin.status(), origin::toString);
            assertEquals("this Origin may not open a WebSocket here", origin.bodyText().trim(),
                    "the body says only that the origin is not allowed, not which are");
            RawResponse version = RawWebSocketClient.exchange(server,
                    HandshakeRequest.to(server, TestApp.ECHO).set("Sec-WebSocket-Version", "8"));
            assertEquals(426, version.status(), version::toString);
            RawResponse key = RawWebSocketClient.exchange(server,
                    HandshakeRequest.to(server, TestApp.ECHO).remove("Sec-WebSocket-Key"));
            assertEquals(400, key.status(), key::toString);
            RawResponse versionAgain = RawWebSocketClient.exchange(server,
                    HandshakeRequest.to(server, TestApp.ECHO).set("Sec-WebSocket-Version", "14"));
            assertEquals(426, versionAgain.status(), versionAgain::toString);

            Map<String, Long> refused = Jmx.map(started.application(), "HandshakesRefused");
            assertEquals(1L, refused.get("origin"), refused::toString);
            assertEquals(2L, refused.get("version"), refused::toString);
            assertEquals(1L, refused.get("key"), refused::toString);
            assertEquals(0L, refused.get("maxConnections"), "every reason is listed: " + refused);
            assertEquals(4, Jmx.number(started.application(), "HandshakesRefusedTotal"));
            assertEquals(0, Jmx.number(started.application(), "SessionsOpened"));
        } finally {
            logger.removeHandler(handler);
        }
        List<String> warnings = logged.stream().filter(r -> r.getLevel() == Level.WARNING).map(LogRecord::getMessage)
                .filter(m -> m.contains("refused WebSocket handshake")).toList();
        // one line per reason: the second bad version falls in the first one's minute
        assertEquals(3, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).contains("[origin]") && warnings.get(0).contains("https://evil.example")
                && warnings.get(0).contains("same-origin rule"), warnings.get(0));
        assertTrue(warnings.get(1).contains("[version]") && warnings.get(1).contains("426"), warnings.get(1));
        assertTrue(warnings.get(2).contains("[key]") && warnings.get(2).contains("Sec-WebSocket-Key"), warnings.get(2));
    }

    /** A client that does not read while the endpoint floods it: refusals of the bound, and what is queued now. */
    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void sendsRefusedByTheOutboundBoundAndBytesQueuedAreShown(ContainerKind kind) throws Exception {
        String id = UUID.randomUUID().toString();
        int size = 64 * 1024;
        try (Jmx.Started started = start(kind);
             RawWebSocketClient client = RawWebSocketClient.open(started.server(), FLOOD)) {
            client.send(FrameBuilder.text("flood " + id + " 400 " + size)); // 25 MiB, far beyond socket buffers
            FloodListener.Report report = FloodListener.REPORTS.computeIfAbsent(id, k -> new CompletableFuture<>())
                    .get(30, TimeUnit.SECONDS);
            assertTrue(report.refused() > 0, report::toString);
            ObjectName flood = started.endpoint(FLOOD);
            assertEquals(report.refused(), Jmx.number(flood, "SendsRefusedByOutboundBound"));
            assertEquals(report.refused(), Jmx.number(started.application(), "SendsRefusedByOutboundBound"));
            long queued = Jmx.number(flood, "OutboundBytesQueued");
            assertTrue(queued > 0 && queued <= BOUND + size + 1024, "queued now: " + queued);
            assertEquals(queued, Jmx.number(started.application(), "OutboundBytesQueued"));
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void theMBeansAreUnregisteredWhenTheApplicationStopsAndComeBackWithIt(ContainerKind kind) throws Exception {
        try (Jmx.Started started = start(kind)) {
            ObjectName app = started.application();
            ObjectName echo = started.endpoint(TestApp.ECHO);
            try (RawWebSocketClient client = RawWebSocketClient.open(started.server(), TestApp.ECHO)) {
                client.send(FrameBuilder.text("hi"));
                client.readFrame();
                CompletableFuture<Void> stop = started.server().stopApplicationInBackground();
                ServerClose.expect(client, 1001);
                stop.get(30, TimeUnit.SECONDS);
            }
            assertFalse(Jmx.registered(app), "application MBean left after the stop");
            assertFalse(Jmx.registered(echo), "endpoint MBean left after the stop");
            assertTrue(Jmx.SERVER.queryNames(Jmx.name("io.wsgate:context=" + app.getKeyProperty("context")
                    + (app.getKeyProperty("instance") == null ? "" : ",instance=" + app.getKeyProperty("instance"))
                    + ",*"), null).isEmpty(), "nothing of the application is left");

            started.server().startApplication();
            assertTrue(Jmx.registered(app), "the restarted application takes its name again");
            assertEquals(0, Jmx.number(app, "SessionsOpened"), "and counts from 0");
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void twoApplicationsWithTheSameContextPathInOneJvmHaveTheirOwnMBeans(ContainerKind kind) throws Exception {
        try (Jmx.Started first = start(kind)) {
            Jmx.Started second = start(kind);
            try {
                assertNotEquals(first.application(), second.application());
            assertEquals(TestServer.CONTEXT_PATH, first.application().getKeyProperty("context"));
            assertEquals(TestServer.CONTEXT_PATH, second.application().getKeyProperty("context"));
            assertNotEquals(first.application().getKeyProperty("instance"), second.application().getKeyProperty("instance"));

            try (RawWebSocketClient client = RawWebSocketClient.open(second.server(), TestApp.ECHO)) {
                client.send(FrameBuilder.text("hi"));
                client.readFrame();
                assertEquals(1, Jmx.number(second.endpoint(TestApp.ECHO), "SessionsOpened"));
                assertEquals(0, Jmx.number(first.endpoint(TestApp.ECHO), "SessionsOpened"));
            }
            } finally {
                second.close();
            }
            assertFalse(Jmx.registered(second.application()));
            assertTrue(Jmx.registered(first.application()), "the other application's MBeans stay");
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void jmxFalseRegistersNothing(ContainerKind kind) throws Exception {
        var before = Jmx.applications();
        try (TestServer server = TestServer.start(kind, context -> TestApp.configure(context, Map.of("jmx", "false")));
             RawWebSocketClient client = RawWebSocketClient.open(server, TestApp.ECHO)) {
            client.send(FrameBuilder.text("hi"));
            client.readFrame();
            assertEquals(before, Jmx.applications());
        }
    }

    private static String figures(ObjectName name) {
        StringBuilder sb = new StringBuilder(name.toString());
        for (String attribute : List.of("OpenSessions", "SessionsOpened", "SessionsClosed", "MessagesIn", "MessagesOut",
                "BytesIn", "BytesOut")) {
            sb.append(' ').append(attribute).append('=').append(Jmx.get(name, attribute));
        }
        return sb.toString();
    }
}
