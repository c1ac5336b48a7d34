package io.wsgate.it.jakarta;

import io.wsgate.it.ContainerKind;
import io.wsgate.it.ServerPerKind;
import io.wsgate.it.TestServer;
import io.wsgate.it.raw.FrameBuilder;
import io.wsgate.it.raw.HandshakeRequest;
import io.wsgate.it.raw.RawResponse;
import io.wsgate.it.raw.RawWebSocketClient;
import io.wsgate.it.raw.Rfc6455;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile handshakes on Jakarta endpoints (whose handshake request parses the query, the URI and the extension
 * offers): each is either accepted or refused with a 4xx and a one-line reason, never a 500 with a stack trace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileHandshakeTest {

    private final ServerPerKind servers = JakartaApp.servers(AnnotatedEndpoints.TextEcho.class, AnnotatedEndpoints.TemplateRoom.class);

    @AfterAll
    void stop() throws Exception {
        servers.close();
    }

    /** A handshake to a Jakarta endpoint, broken in one place. */
    record Hostile(String name, String path, UnaryOperator<HandshakeRequest> change) {
        @Override
        public String toString() { return name; }
    }

    static Stream<Arguments> badQueries() {
        return times(
                new Hostile("bad percent in query", "/text?a=%zz", r -> r),
                new Hostile("truncated percent in query", "/text?a=%4", r -> r),
                new Hostile("bare percent in query", "/text?%", r -> r),
                new Hostile("bad percent in template query", "/rooms/x?name=%G1", r -> r));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badQueries")
    void malformedQueryIsA400WithAOneLineReason(ContainerKind kind, Hostile hostile) throws Exception {
        RawResponse response = exchange(kind, hostile);
        assertEquals(400, response.status(), response::toString);
        assertOneLineReason(response);
    }

    static Stream<Arguments> survivable() {
        return times(
                new Hostile("odd subprotocol tokens", "/text", r -> r.set("Sec-WebSocket-Protocol", ", ,,\"x\", a b, é, ;;")),
                new Hostile("empty subprotocol", "/text", r -> r.set("Sec-WebSocket-Protocol", "")),
                new Hostile("extension garbage", "/text", r -> r.set("Sec-WebSocket-Extensions", ";;=,\"\"\"; a=\"; ,=,")),
                new Hostile("extension unbalanced quote", "/text", r -> r.set("Sec-WebSocket-Extensions", "x; a=\"b, c")),
                new Hostile("many extension offers", "/text", r -> r.set("Sec-WebSocket-Extensions", "a;b=c,".repeat(1000))),
                new Hostile("encoded template segment", "/rooms/a%20b", r -> r),
                new Hostile("empty parameter name", "/text?a=%41&b=&&=c", r -> r),
                new Hostile("well-formed query", "/text?a=%41&b=%E2%82%AC", r -> r));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(ContainerKind.class)
    void bracketsInTheQueryAreAcceptedOrRefusedByTheContainerButNeverA500(ContainerKind kind) throws Exception {
        // Tomcat refuses them in the request line itself; Jetty lets them through to wsgate, whose URI for the
        // Jakarta session must then escape them rather than fail.
        RawResponse response = exchange(kind, new Hostile("brackets", "/text?a=[x]&b={y}", r -> r));
        assertTrue(response.status() == 101 || response.status() == 400, response::toString);
        if (!kind.isTomcat()) assertEquals(101, response.status(), response::toString);
    }

    static Stream<Arguments> refusedByTheContainer() {
        return times(new Hostile("encoded slash in template", "/rooms/a%2Fb", r -> r),
                new Hostile("bad percent in path", "/rooms/a%zz", r -> r));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("refusedByTheContainer")
    void pathsTheContainerRefusesNeverReachWsgate(ContainerKind kind, Hostile hostile) throws Exception {
        assertEquals(400, exchange(kind, hostile).status());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("survivable")
    void oddButWellFormedHeadersNeverGive500(ContainerKind kind, Hostile hostile) throws Exception {
        RawResponse response = exchange(kind, hostile);
        if (response.status() == 101) return;      // exchange() only read the head: nothing more to check
        assertTrue(response.status() >= 400 && response.status() < 500, response::toString);
        assertOneLineReason(response);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("survivable")
    void acceptedHostileHandshakesStillEcho(ContainerKind kind, Hostile hostile) throws Exception {
        TestServer server = servers.get(kind);
        HandshakeRequest request = hostile.change().apply(HandshakeRequest.to(server, "/text").target(server.target(hostile.path())));
        if (!hostile.path().startsWith("/text")) return;
        // A query may be refused (Tomcat finds "=c" malformed); the header oddities must be accepted.
        if (hostile.path().contains("?") && exchange(kind, hostile).status() != 101) return;
        try (RawWebSocketClient client = RawWebSocketClient.open(server, request)) {
            assertFalse(client.handshake().hasHeader("Sec-WebSocket-Extensions"), client.handshake()::toString);
            assertFalse(client.handshake().hasHeader("Sec-WebSocket-Protocol"), client.handshake()::toString);
            client.send(FrameBuilder.text("hi"));
            assertEquals("text:hi", client.expectFrame(Rfc6455.OP_TEXT).text());
        }
    }

    static Stream<Arguments> hugeHeaders() {
        return times(
                new Hostile("huge subprotocol list", "/text", r -> r.set("Sec-WebSocket-Protocol", "p,".repeat(40_000))),
                new Hostile("huge extension offer", "/text", r -> r.set("Sec-WebSocket-Extensions", "x".repeat(100_000))),
                new Hostile("huge query", "/text?" + "a=b&".repeat(20_000), r -> r));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("hugeHeaders")
    void hugeHeadersAreRefusedByTheContainer(ContainerKind kind, Hostile hostile) throws Exception {
        RawResponse response = exchange(kind, hostile);
        // The containers bound the request head (8 KiB by default) and answer 400 or 431 themselves.
        assertTrue(response.status() == 400 || response.status() == 414 || response.status() == 431, response::toString);
    }

    private RawResponse exchange(ContainerKind kind, Hostile hostile) throws Exception {
        TestServer server = servers.get(kind);
        HandshakeRequest request = HandshakeRequest.to(server, "/text").target(server.target(hostile.path()));
        return RawWebSocketClient.exchange(server, hostile.change().apply(request));
    }

    private static void assertOneLineReason(RawResponse response) {
        String body = response.bodyText().strip();
        assertFalse(body.isEmpty(), () -> "no reason given: " + response);
        assertFalse(body.contains("\n"), response::toString);
        assertFalse(body.toLowerCase(Locale.ROOT).contains("exception"), response::toString);
        String type = response.header("Content-Type");
        assertTrue(type != null && type.toLowerCase(Locale.ROOT).startsWith("text/plain"), response::toString);
    }

    private static Stream<Arguments> times(Hostile... cases) {
        return Arrays.stream(ContainerKind.values())
                .flatMap(kind -> Arrays.stream(cases).map(c -> Arguments.of(kind, c)));
    }
}
