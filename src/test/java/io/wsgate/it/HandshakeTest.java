package io.wsgate.it;

import io.wsgate.it.app.PlainServlet;
import io.wsgate.it.app.TestApp;
import io.wsgate.it.clients.JdkClient;
import io.wsgate.it.raw.FrameBuilder;
import io.wsgate.it.raw.HandshakeRequest;
import io.wsgate.it.raw.RawResponse;
import io.wsgate.it.raw.RawWebSocketClient;
import io.wsgate.it.raw.Rfc6455;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpClient;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The opening handshake (RFC 6455 section 4.2): what is accepted, what is refused and with which status. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HandshakeTest {

    private final ServerPerKind servers = new ServerPerKind(TestApp::configure);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterAll
    void stopServers() throws Exception {
        servers.close();
    }

    private RawResponse exchange(ContainerKind kind, UnaryOperator<HandshakeRequest> change) throws Exception {
        TestServer server = servers.get(kind);
        return RawWebSocketClient.exchange(server, change.apply(HandshakeRequest.to(server, TestApp.ECHO)));
    }

    /** Opens with the changed handshake, expecting 101, and checks the connection echoes. */
    private RawResponse assertUpgrades(ContainerKind kind, String path, UnaryOperator<HandshakeRequest> change) throws Exception {
        TestServer server = servers.get(kind);
        HandshakeRequest request = change.apply(HandshakeRequest.to(server, path));
        try (RawWebSocketClient client = RawWebSocketClient.open(server, request)) {
            RawResponse response = client.handshake();
            assertEquals(Rfc6455.accept(request.header("Sec-WebSocket-Key")), response.header("Sec-WebSocket-Accept"), response::toString);
            client.send(FrameBuilder.text("echo?"));
            assertEquals("echo?", client.expectFrame(Rfc6455.OP_TEXT).text());
            return response;
        }
    }

    private static void assertRefused(int status, RawResponse response) {
        assertEquals(status, response.status(), response::toString);
        assertFalse(response.hasHeader("Sec-WebSocket-Accept"), response::toString);
    }

    // ---- accepted handshakes -------------------------------------------------------------------------------

    @Test
    void acceptValueIsTheOneFromTheRfcExample() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", Rfc6455.accept("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void validHandshakeIsAnswered101(ContainerKind kind) throws Exception {
        RawResponse response = assertUpgrades(kind, TestApp.ECHO, r -> r.set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="));
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", response.header("Sec-WebSocket-Accept"));
        assertEquals("websocket", response.header("Upgrade").toLowerCase(Locale.ROOT), response::toString);
        assertTrue(response.tokens("Connection").contains("upgrade"), response::toString);
        assertNull(response.header("Sec-WebSocket-Protocol"), "no subprotocol was offered");
        assertNull(response.header("Sec-WebSocket-Extensions"), "no extension was offered");
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void firefoxStyleConnectionHeader(ContainerKind kind) throws Exception {
        assertUpgrades(kind, TestApp.ECHO, r -> r.set("Connection", "keep-alive, Upgrade"));
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void tokensAreCaseInsensitive(ContainerKind kind) throws Exception {
        assertUpgrades(kind, TestApp.ECHO, r -> r.set("Upgrade", "WebSocket").set("Connection", "upgrade"));
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void headerNamesAreCaseInsensitive(ContainerKind kind) throws Exception {
        assertUpgrades(kind, TestApp.ECHO, r -> {
            String key = r.header("Sec-WebSocket-Key");
            return r.remove("Sec-WebSocket-Key").remove("Sec-WebSocket-Version").remove("Upgrade")
                    .add("sec-websocket-key", key).add("SEC-WEBSOCKET-VERSION", "13").add("upgrade", "websocket");
        });
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void withoutOrigin(ContainerKind kind) throws Exception {
        assertUpgrades(kind, TestApp.ECHO, r -> r.remove("Origin"));
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void sameOrigin(ContainerKind kind) throws Exception {
        String origin = "http://" + servers.get(kind).authority();
        assertUpgrades(kind, TestApp.ECHO, r -> r.set("Origin", origin));
    }

    static Stream<Arguments> extensionOffers() {
        return Kinds.times("foo; bar=\"baz, qux\"", "x-webkit-deflate-frame", "permessage-deflate; bar");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("extensionOffers")
    void extensionOffersOtherThanValidPermessageDeflateAreDeclined(ContainerKind kind, String offer) throws Exception {
        RawResponse response = assertUpgrades(kind, TestApp.ECHO, r -> r.set("Sec-WebSocket-Extensions", offer));
        assertNull(response.header("Sec-WebSocket-Extensions"), response::toString);
    }

    static Stream<Arguments> deflateOffers() {
        return Kinds.times("permessage-deflate; client_max_window_bits", "permessage-deflate, x-webkit-deflate-frame");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("deflateOffers")
    void permessageDeflateIsAccepted(ContainerKind kind, String offer) throws Exception {
        RawResponse response = assertUpgrades(kind, TestApp.ECHO, r -> r.set("Sec-WebSocket-Extensions", offer));
        assertEquals("permessage-deflate", response.header("Sec-WebSocket-Extensions"), response::toString);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void subprotocolIsChosenFromTheOffer(ContainerKind kind) throws Exception {
        RawResponse response = assertUpgrades(kind, TestApp.PROTO, r -> r.set("Sec-WebSocket-Protocol", "a, b"));
        assertEquals("b", response.header("Sec-WebSocket-Protocol"), response::toString);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void subprotocolOfferedInSeveralHeaders(ContainerKind kind) throws Exception {
        RawResponse response = assertUpgrades(kind, TestApp.PROTO,
                r -> r.add("Sec-WebSocket-Protocol", "a").add("Sec-WebSocket-Protocol", "b"));
        assertEquals("b", response.header("Sec-WebSocket-Protocol"), response::toString);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void noCommonSubprotocolConnectsWithoutOne(ContainerKind kind) throws Exception {
        RawResponse response = assertUpgrades(kind, TestApp.PROTO, r -> r.set("Sec-WebSocket-Protocol", "a, c"));
        assertNull(response.header("Sec-WebSocket-Protocol"), response::toString);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void jdkClientGetsTheChosenSubprotocol(ContainerKind kind) throws Exception {
        JdkClient.Connection c = JdkClient.connect(http, servers.get(kind).wsUri(TestApp.PROTO), "a", "b");
        assertEquals("b", c.webSocket().getSubprotocol());
        c.webSocket().abort();
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void queryStringIsAllowed(ContainerKind kind) throws Exception {
        assertUpgrades(kind, TestApp.ECHO, r -> r.target(servers.get(kind).target(TestApp.ECHO) + "?token=abc&x=1"));
    }

    // ---- refused handshakes --------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void post(ContainerKind kind) throws Exception {
        assertRefused(400, exchange(kind, r -> r.method("POST").body(new byte[0])));
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void http10(ContainerKind kind) throws Exception {
        assertRefused(400, exchange(kind, r -> r.version("HTTP/1.0")));
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void missingHost(ContainerKind kind) throws Exception {
        // The containers refuse an HTTP/1.1 request without Host themselves; either way it must be a 400.
        assertRefused(400, exchange(kind, r -> r.remove("Host")));
    }

    static Stream<Arguments> badKeys() {
        return Kinds.times(
                new BadKey("missing", null),
                new BadKey("empty", ""),
                new BadKey("not base64", "not base64 at all!!!!!"),
                new BadKey("15 bytes", Base64.getEncoder().encodeToString(new byte[15])),
                new BadKey("17 bytes", Base64.getEncoder().encodeToString(new byte[17])),
                new BadKey("two keys", "dGhlIHNhbXBsZSBub25jZQ==, dGhlIHNhbXBsZSBub25jZQ=="));
    }

    @ParameterizedTest(name = "{0} key {1}")
    @MethodSource("badKeys")
    void badKey(ContainerKind kind, BadKey key) throws Exception {
        assertRefused(400, exchange(kind, r -> key.value() == null ? r.remove("Sec-WebSocket-Key") : r.set("Sec-WebSocket-Key", key.value())));
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void unsupportedVersionIsAnswered426WithTheSupportedOne(ContainerKind kind) throws Exception {
        RawResponse response = exchange(kind, r -> r.set("Sec-WebSocket-Version", "8"));
        assertRefused(426, response);
        assertEquals(List.of("13"), response.tokens("Sec-WebSocket-Version"), response::toString);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void missingVersion(ContainerKind kind) throws Exception {
        RawResponse response = exchange(kind, r -> r.remove("Sec-WebSocket-Version"));
        // A handshake without a version is malformed (400); answering 426 with the supported version is also fair.
        assertTrue(response.status() == 400 || response.status() == 426, response::toString);
        assertFalse(response.hasHeader("Sec-WebSocket-Accept"), response::toString);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void refusalReasonIsOneLineOfPlainText(ContainerKind kind) throws Exception {
        RawResponse response = exchange(kind, r -> r.set("Sec-WebSocket-Key", "short"));
        assertRefused(400, response);
        assertTrue(response.header("Content-Type").toLowerCase(Locale.ROOT).startsWith("text/plain"), response::toString);
        assertFalse(response.bodyText().strip().isEmpty(), "the 400 should say why");
        assertFalse(response.bodyText().strip().contains("\n"), response::toString);
    }

    // ---- not a WebSocket upgrade -------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void withoutUpgradeHeaderTheRequestReachesTheServlet(ContainerKind kind) throws Exception {
        RawResponse response = exchange(kind, r -> r.remove("Upgrade"));
        assertEquals(200, response.status(), response::toString);
        assertEquals("servlet GET " + TestApp.ECHO, response.bodyText());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void upgradeHeaderThatConnectionDoesNotNameIsRefused(ContainerKind kind) throws Exception {
        // "Upgrade: websocket" announces a handshake that then lacks "Connection: Upgrade": a malformed handshake,
        // refused with 400 by wsgate on Tomcat, and on Jetty by Jetty itself ("Invalid h2c upgrade headers")
        // before any filter runs.
        RawResponse response = exchange(kind, r -> r.set("Connection", "keep-alive"));
        assertRefused(400, response);
        assertFalse(response.hasHeader(PlainServlet.MARKER_HEADER), response::toString);
    }

    // ---- origin --------------------------------------------------------------------------------------------

    static Stream<Arguments> foreignOrigins() {
        return Kinds.times("http://evil.example", "null", "https://127.0.0.1", "http://127.0.0.1:1");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("foreignOrigins")
    void foreignOriginIsForbidden(ContainerKind kind, String origin) throws Exception {
        assertRefused(403, exchange(kind, r -> r.set("Origin", origin)));
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void routeAllowListAcceptsAListedOrigin(ContainerKind kind) throws Exception {
        assertUpgrades(kind, TestApp.ALLOW_LIST, r -> r.set("Origin", TestApp.LISTED_ORIGIN));
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void routeAllowListRefusesOthersEvenTheSameOrigin(ContainerKind kind) throws Exception {
        TestServer server = servers.get(kind);
        assertRefused(403, RawWebSocketClient.exchange(server,
                HandshakeRequest.to(server, TestApp.ALLOW_LIST).set("Origin", "https://other.example")));
        assertRefused(403, RawWebSocketClient.exchange(server,
                HandshakeRequest.to(server, TestApp.ALLOW_LIST).set("Origin", "http://" + server.authority())));
    }

    // A browser sends exactly one Origin. Two (or one holding a list) can only come from a client or proxy playing
    // games: a check that reads the first value would let the second through, so any doubt is a 403.

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void twoOriginHeadersAreForbiddenEvenWhenTheFirstIsTheOwnOrigin(ContainerKind kind) throws Exception {
        String own = "http://" + servers.get(kind).authority();
        RawResponse response = exchange(kind, r -> r.set("Origin", own).add("Origin", "http://evil.example"));
        assertRefused(403, response);
        assertTrue(response.bodyText().contains("Origin"), response::toString);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void twoIdenticalOriginHeadersAreForbidden(ContainerKind kind) throws Exception {
        String own = "http://" + servers.get(kind).authority();
        assertRefused(403, exchange(kind, r -> r.set("Origin", own).add("Origin", own)));
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void originHoldingAListIsForbidden(ContainerKind kind) throws Exception {
        String own = "http://" + servers.get(kind).authority();
        assertRefused(403, exchange(kind, r -> r.set("Origin", own + ", http://evil.example")));
        assertRefused(403, exchange(kind, r -> r.set("Origin", own + " http://evil.example")));
    }

    static Stream<Arguments> unparseableOrigins() {
        return Kinds.times("", "http://", "http://127.0.0.1:notaport", "://127.0.0.1", "http://127.0.0.1/path",
                "http://user@127.0.0.1", "http://[::1");
    }

    @ParameterizedTest(name = "{0} ''{1}''")
    @MethodSource("unparseableOrigins")
    void unparseableOriginIsForbidden(ContainerKind kind, String origin) throws Exception {
        assertRefused(403, exchange(kind, r -> r.set("Origin", origin)));
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void theRefusalDoesNotTellTheAllowList(ContainerKind kind) throws Exception {
        TestServer server = servers.get(kind);
        RawResponse response = RawWebSocketClient.exchange(server,
                HandshakeRequest.to(server, TestApp.ALLOW_LIST).set("Origin", "https://other.example"));
        assertRefused(403, response);
        assertFalse(response.bodyText().contains(TestApp.LISTED_ORIGIN), response::toString);
        assertFalse(response.bodyText().contains("same-origin"), response::toString);
        assertFalse(response.bodyText().strip().contains("\n"), response::toString);
    }

    // ---- duplicated handshake headers (RFC 6455 section 4.2.1: each appears once) ---------------------------

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void twoVersionHeadersAreRefused(ContainerKind kind) throws Exception {
        RawResponse response = exchange(kind, r -> r.add("Sec-WebSocket-Version", "13"));
        assertRefused(400, response);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void twoKeyHeadersAreRefused(ContainerKind kind) throws Exception {
        assertRefused(400, exchange(kind, r -> r.add("Sec-WebSocket-Key", HandshakeRequest.randomKey())));
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void twoHostHeadersAreRefused(ContainerKind kind) throws Exception {
        // The containers refuse this themselves (RFC 9112 section 3.2); wsgate checks too, should one let it pass.
        assertRefused(400, exchange(kind, r -> r.add("Host", "evil.example")));
    }

    /** One malformed Sec-WebSocket-Key, named for the test report; null means the header is absent. */
    record BadKey(String name, String value) {
        @Override
        public String toString() { return name; }
    }
}
