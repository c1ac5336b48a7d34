package io.wsgate.jakarta;

import io.wsgate.jakarta.deploy.AnnotatedServerEndpointConfig;
import io.wsgate.jakarta.deploy.DeployedEndpoint;
import io.wsgate.jakarta.handshake.PerConnectionConfig;
import io.wsgate.jakarta.session.HandshakeInfo;
import io.wsgate.jakarta.session.JakartaConnection;
import io.wsgate.jakarta.session.WsgateSession;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** A JakartaConnection for one endpoint instance over a FakeWebSocketSession, without any servlet container. */
final class TestConnection {

    final WsgateServerContainer container;
    final DeployedEndpoint endpoint;
    final FakeWebSocketSession ws = new FakeWebSocketSession();
    final JakartaConnection connection;
    final PerConnectionConfig config;

    TestConnection(ServerEndpointConfig sec, Object instance, Map<String, String> pathParameters) throws DeploymentException {
        this(new WsgateServerContainer(null), sec, instance, pathParameters);
    }

    TestConnection(WsgateServerContainer container, ServerEndpointConfig sec, Object instance,
                   Map<String, String> pathParameters) throws DeploymentException {
        this.container = container;
        this.endpoint = DeployedEndpoint.of(sec);
        this.config = new PerConnectionConfig(sec);
        HandshakeInfo info = new HandshakeInfo(URI.create("ws://localhost/app/path?x=1"), "x=1",
                Map.of("x", List.of("1")), null, false, null, List.of());
        connection = new JakartaConnection(container.sessionSettings(endpoint), info, pathParameters, config,
                config.getUserProperties(), endpoint.callbacks(instance, pathParameters), endpoint.openSessions(),
                container.sessionLimits(), null);
    }

    static TestConnection annotated(Object instance, Map<String, String> pathParameters) throws DeploymentException {
        return new TestConnection(AnnotatedServerEndpointConfig.of(instance.getClass()), instance, pathParameters);
    }

    TestConnection open() {
        connection.onOpen(ws);
        return this;
    }

    WsgateSession session() { return connection.session(); }

    void text(String message) {
        connection.onTextChunk(ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)), true);
    }

    void textParts(String... parts) {
        for (int i = 0; i < parts.length; i++) {
            connection.onTextChunk(ByteBuffer.wrap(parts[i].getBytes(StandardCharsets.UTF_8)), i == parts.length - 1);
        }
    }

    void binary(String message) {
        connection.onBinaryChunk(ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)), true);
    }

    void binaryParts(String... parts) {
        for (int i = 0; i < parts.length; i++) {
            connection.onBinaryChunk(ByteBuffer.wrap(parts[i].getBytes(StandardCharsets.UTF_8)), i == parts.length - 1);
        }
    }

    void closedByPeer(int code, String reason) {
        connection.onClose(code, reason);
    }
}
