package io.wsgate.it.client;

import io.wsgate.it.ContainerKind;
import io.wsgate.it.ContextExtras;
import io.wsgate.it.ServerPerKind;
import io.wsgate.it.TestServer;
import io.wsgate.it.app.TestApp;
import io.wsgate.jakarta.WsgateInitializer;
import io.wsgate.jakarta.client.WsgateClientContainer;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * wss:// with a self-signed certificate, through a TLS tunnel in front of each container: the SSLContext given by
 * Tomcat's user property, by wsgate's, or by ClientEndpointConfig; the JDK's default one refuses the certificate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WssClientTest {

    private final ServerPerKind servers = new ServerPerKind(
            ContextExtras.none().initializer(new WsgateInitializer(), UpstreamEndpoints.ALL), TestApp::addPlainServlet);
    private final Map<ContainerKind, TlsTunnel> tunnels = new EnumMap<>(ContainerKind.class);
    private final WsgateClientContainer client = new WsgateClientContainer();

    @AfterAll
    void stop() throws Exception {
        for (TlsTunnel t : tunnels.values()) t.close();
        servers.close();
    }

    private synchronized URI wss(ContainerKind kind, String path) throws Exception {
        TestServer server = servers.get(kind);
        TlsTunnel tunnel = tunnels.get(kind);
        if (tunnel == null) tunnels.put(kind, tunnel = new TlsTunnel(server.port()));
        return URI.create("wss://localhost:" + tunnel.port() + server.target(path));
    }

    private void echoes(ContainerKind kind, ClientEndpointConfig config) throws Exception {
        ClientInbox inbox = new ClientInbox();
        Session s = client.connectToServer(inbox, config, wss(kind, "/echo"));
        assertTrue(s.isSecure());
        s.getBasicRemote().sendText("over tls");
        assertEquals("over tls", inbox.nextText());
        byte[] data = new byte[60_000];   // several TLS records each way
        new Random(5).nextBytes(data);
        s.getBasicRemote().sendBinary(ByteBuffer.wrap(data));
        assertArrayEquals(data, (byte[]) inbox.next());
        s.close();
        assertEquals(1000, inbox.awaitClose().getCloseCode().getCode());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void anSslContextInTomcatsUserProperty(ContainerKind kind) throws Exception {
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create().build();
        config.getUserProperties().put("org.apache.tomcat.websocket.SSL_CONTEXT", TlsTunnel.clientContext());
        echoes(kind, config);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void anSslContextInWsgatesUserProperty(ContainerKind kind) throws Exception {
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create().build();
        config.getUserProperties().put("io.wsgate.client.sslContext", TlsTunnel.clientContext());
        echoes(kind, config);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void anSslContextInTheClientEndpointConfig(ContainerKind kind) throws Exception {
        echoes(kind, ClientEndpointConfig.Builder.create().sslContext(TlsTunnel.clientContext()).build());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void theJdkDefaultContextIsUsedWhenNoneIsGiven(ContainerKind kind) throws Exception {
        SSLContext saved = SSLContext.getDefault();
        SSLContext.setDefault(TlsTunnel.clientContext()); // this JVM's default, for this test only
        try {
            echoes(kind, ClientEndpointConfig.Builder.create().build());
        } finally {
            SSLContext.setDefault(saved);
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void theJdkDefaultContextRefusesASelfSignedCertificate(ContainerKind kind) throws Exception {
        kind.assumeAvailable();     // before assertThrows, which would take the skip for the wrong exception
        DeploymentException e = assertThrows(DeploymentException.class, () -> client.connectToServer(new ClientInbox(),
                ClientEndpointConfig.Builder.create().build(), wss(kind, "/echo")));
        Throwable c = e.getCause();
        assertTrue(c instanceof SSLException, "TLS failure as the cause: " + c);
        Thread selector = client.loop().selectorThread();
        if (selector != null) selector.join(10_000);
        assertEquals(0, client.loop().connections(), "nothing left open");
    }
}
