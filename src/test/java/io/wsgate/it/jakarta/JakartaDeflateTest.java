package io.wsgate.it.jakarta;

import io.wsgate.it.ContainerKind;
import io.wsgate.it.ServerPerKind;
import io.wsgate.it.TestServer;
import io.wsgate.it.raw.FrameBuilder;
import io.wsgate.it.raw.HandshakeRequest;
import io.wsgate.it.raw.RawWebSocketClient;
import io.wsgate.it.raw.Rfc6455;
import jakarta.websocket.Extension;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The Jakarta API reports what permessage-deflate negotiated, and a configurator can decline it per endpoint. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JakartaDeflateTest {

    /** Answers any message with what {@code getNegotiatedExtensions()} says, parameters included. */
    @ServerEndpoint("/extensions")
    public static final class Extensions {
        @OnMessage
        public String message(Session session, String text) {
            if (text.equals("installed")) return describe(List.copyOf(session.getContainer().getInstalledExtensions()));
            return describe(session.getNegotiatedExtensions());
        }
    }

    /** The same, with a configurator that negotiates no extension: compression is off for this endpoint. */
    @ServerEndpoint(value = "/no-extensions", configurator = NoExtensions.class)
    public static final class Declined {
        @OnMessage
        public String message(Session session, String text) {
            return describe(session.getNegotiatedExtensions());
        }
    }

    public static final class NoExtensions extends ServerEndpointConfig.Configurator {
        @Override
        public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
            return List.of();
        }
    }

    static String describe(List<Extension> extensions) {
        return extensions.stream().map(e -> e.getName() + e.getParameters().stream()
                .map(p -> "; " + p.getName() + (p.getValue() == null ? "" : "=" + p.getValue()))
                .collect(Collectors.joining())).collect(Collectors.joining(", ", "[", "]"));
    }

    private final ServerPerKind servers = JakartaApp.servers(Extensions.class, Declined.class);

    @AfterAll
    void stop() throws Exception {
        servers.close();
    }

    private static String ask(TestServer server, String path, String offer) throws Exception {
        try (RawWebSocketClient client = RawWebSocketClient.open(server,
                HandshakeRequest.to(server, path).add("Sec-WebSocket-Extensions", offer))) {
            String header = client.handshake().header("Sec-WebSocket-Extensions");
            client.send(FrameBuilder.text("?"));   // below the minimum size: answered uncompressed
            return header + " -> " + client.expectFrame(Rfc6455.OP_TEXT).text();
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void negotiatedExtensionsAreWhatWasAnswered(ContainerKind kind) throws Exception {
        TestServer server = servers.get(kind);
        assertEquals("permessage-deflate -> [permessage-deflate]", ask(server, "/extensions", "permessage-deflate"));
        assertEquals("permessage-deflate; client_no_context_takeover; server_max_window_bits=12 -> "
                        + "[permessage-deflate; client_no_context_takeover; server_max_window_bits=12]",
                ask(server, "/extensions", "permessage-deflate; foo, "
                        + "permessage-deflate; server_max_window_bits=12; client_no_context_takeover"));
        assertEquals("null -> []", ask(server, "/extensions", "x-unknown"));
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void configuratorCanDeclineDeflate(ContainerKind kind) throws Exception {
        TestServer server = servers.get(kind);
        assertEquals("null -> []", ask(server, "/no-extensions", "permessage-deflate"));
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void installedExtensionsNamePermessageDeflate(ContainerKind kind) throws Exception {
        TestServer server = servers.get(kind);
        try (RawWebSocketClient client = RawWebSocketClient.open(server, "/extensions")) {
            assertFalse(client.handshake().hasHeader("Sec-WebSocket-Extensions"), "nothing offered, nothing answered");
            client.send(FrameBuilder.text("installed"));
            assertEquals("[permessage-deflate]", client.expectFrame(Rfc6455.OP_TEXT).text());
        }
    }
}
