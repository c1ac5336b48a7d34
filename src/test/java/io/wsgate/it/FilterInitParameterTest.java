package io.wsgate.it;

import io.wsgate.it.app.EchoListener;
import io.wsgate.it.app.TestApp;
import io.wsgate.it.raw.FrameBuilder;
import io.wsgate.it.raw.HandshakeRequest;
import io.wsgate.it.raw.RawResponse;
import io.wsgate.it.raw.RawWebSocketClient;
import io.wsgate.it.raw.Rfc6455;
import io.wsgate.servlet.WebSocketRoute;
import io.wsgate.servlet.WebSocketRoutes;
import jakarta.servlet.ServletContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The filter's init parameters apply to routes that do not set their own origins or limits. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FilterInitParameterTest {

    private static final String PATH = "/echo-with-filter-defaults";
    private static final String LISTED = "https://listed.example";
    private static final String ALSO_LISTED = "https://also-listed.example";

    private final ServerPerKind listed = new ServerPerKind(context -> configure(context,
            Map.of("allowedOrigins", LISTED + ", " + ALSO_LISTED, "maxMessageSize", "100")));
    private final ServerPerKind anyOrigin = new ServerPerKind(context -> configure(context, Map.of("allowedOrigins", "*")));

    private static void configure(ServletContext context, Map<String, String> filterInitParameters) {
        TestApp.addWsgateFilter(context, filterInitParameters);
        TestApp.addPlainServlet(context);
        WebSocketRoutes.of(context).add(new WebSocketRoute(PATH, (request, subprotocol) -> new EchoListener()));
    }

    @AfterAll
    void stopServers() throws Exception {
        try {
            listed.close();
        } finally {
            anyOrigin.close();
        }
    }

    private static RawResponse exchange(TestServer server, String origin) throws Exception {
        return RawWebSocketClient.exchange(server, HandshakeRequest.to(server, PATH).set("Origin", origin));
    }

    private static void assertUpgradesAndEchoes(TestServer server, String origin) throws Exception {
        try (RawWebSocketClient client = RawWebSocketClient.open(server, HandshakeRequest.to(server, PATH).set("Origin", origin))) {
            client.send(FrameBuilder.text("hi"));
            assertEquals("hi", client.expectFrame(Rfc6455.OP_TEXT).text());
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void listedOriginsConnect(ContainerKind kind) throws Exception {
        assertUpgradesAndEchoes(listed.get(kind), LISTED);
        assertUpgradesAndEchoes(listed.get(kind), ALSO_LISTED);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void unlistedOriginIsForbidden(ContainerKind kind) throws Exception {
        TestServer server = listed.get(kind);
        java.util.List<java.util.logging.LogRecord> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override public void publish(java.util.logging.LogRecord record) { logged.add(record); }
            @Override public void flush() {}
            @Override public void close() {}
        };
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger("io.wsgate.servlet.WebSocketUpgrader");
        logger.addHandler(handler);
        RawResponse response;
        try {
            response = exchange(server, "https://unlisted.example");
        } finally {
            logger.removeHandler(handler);
        }
        assertEquals(403, response.status(), response::toString);
        // the attacker is not told the list; the operator is told which rule refused, once
        org.junit.jupiter.api.Assertions.assertFalse(response.bodyText().contains(LISTED), response::toString);
        java.util.List<String> warnings = logged.stream()
                .filter(r -> r.getLevel() == java.util.logging.Level.WARNING).map(java.util.logging.LogRecord::getMessage).toList();
        assertEquals(1, warnings.size(), warnings::toString);
        org.junit.jupiter.api.Assertions.assertTrue(warnings.get(0).contains("not in allowedOrigins")
                && warnings.get(0).contains(LISTED) && warnings.get(0).contains("https://unlisted.example"), warnings.get(0));
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void starAllowsAnyOrigin(ContainerKind kind) throws Exception {
        assertUpgradesAndEchoes(anyOrigin.get(kind), "https://anywhere.example");
        assertUpgradesAndEchoes(anyOrigin.get(kind), "null");
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void maxMessageSizeApplies(ContainerKind kind) throws Exception {
        TestServer server = listed.get(kind);
        try (RawWebSocketClient client = RawWebSocketClient.open(server, HandshakeRequest.to(server, PATH).set("Origin", LISTED))) {
            client.send(FrameBuilder.text("x".repeat(100)));
            assertEquals("x".repeat(100), client.expectFrame(Rfc6455.OP_TEXT).text());
            client.send(FrameBuilder.text("x".repeat(101)));
            ServerClose.expect(client, 1009);
        }
    }

    // ---- configuration that cannot work stops the application, naming the init-param and the fix ----------

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> impossibleSettings() {
        return Kinds.times("closeTimeout=0", "maxOutboundBytes=0", "maxMessageSize=lots", "allowedOrigins=example.com",
                "jmx=yes");
    }

    @ParameterizedTest(name = "{0} {1}")
    @org.junit.jupiter.params.provider.MethodSource("impossibleSettings")
    void impossibleSettingsStopTheApplicationWithAMessageNamingTheParameter(ContainerKind kind, String setting) {
        String name = setting.substring(0, setting.indexOf('='));
        String value = setting.substring(setting.indexOf('=') + 1);
        kind.assumeAvailable(); // before assertThrows, which would take the skip for a failure
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> TestServer.start(kind, context -> configure(context, Map.of(name, value))).close());
        String chain = Failures.messages(e);
        org.junit.jupiter.api.Assertions.assertTrue(chain.contains("init-param " + name), chain);
    }
}
