package io.wsgate.it.jakarta;

import io.wsgate.it.ContainerKind;
import io.wsgate.it.ServerPerKind;
import io.wsgate.it.TestServer;
import io.wsgate.it.raw.HandshakeRequest;
import io.wsgate.it.raw.RawResponse;
import io.wsgate.it.raw.RawWebSocketClient;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.reflect.Field;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Application configurators and the origin check (issue 8, defect 2): one that adds a trusted origin and
 * delegates the rest to {@code super.checkOrigin} keeps wsgate's same-origin policy for the rest, even when the
 * default its super reaches was first loaded as something that allows every origin; one that allows every origin
 * on purpose still does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfiguratorOriginTest {

    /** Trusts one foreign origin; everything else is the platform default's decision. */
    public static final class TrustsFriend extends ServerEndpointConfig.Configurator {
        public TrustsFriend() {
            // As if the API's ServiceLoader had found a container default that allows every origin first (Tomcat's
            // shared API caches such a default for all applications).
            try {
                Field cache = ServerEndpointConfig.Configurator.class.getDeclaredField("containerDefaultConfigurator");
                cache.setAccessible(true);
                cache.set(this, new AllowsAll());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public boolean checkOrigin(String origin) {
            return "http://friend.example".equals(origin) || super.checkOrigin(origin);
        }
    }

    public static final class AllowsAll extends ServerEndpointConfig.Configurator {
        @Override
        public boolean checkOrigin(String origin) {
            return true;
        }
    }

    @ServerEndpoint(value = "/delegating", configurator = TrustsFriend.class)
    public static final class Delegating {
        @OnOpen public void open(Session session) {}
    }

    @ServerEndpoint(value = "/open-to-all", configurator = AllowsAll.class)
    public static final class OpenToAll {
        @OnOpen public void open(Session session) {}
    }

    private final ServerPerKind servers = JakartaApp.servers(Delegating.class, OpenToAll.class);

    @AfterAll
    void stop() throws Exception {
        servers.close();
    }

    private static int status(TestServer server, String path, String origin) throws Exception {
        RawResponse response = RawWebSocketClient.exchange(server, HandshakeRequest.to(server, path).add("Origin", origin));
        return response.status();
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void superKeepsWsgatesSameOriginPolicy(ContainerKind kind) throws Exception {
        TestServer server = servers.get(kind);
        assertEquals(403, status(server, "/delegating", "http://evil.example"), "super.checkOrigin must refuse a foreign origin");
        assertEquals(101, status(server, "/delegating", "http://friend.example"));
        assertEquals(101, status(server, "/delegating", "http://" + server.authority()), "super allows the same origin");
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aConfiguratorAllowingEveryOriginOnPurposeStillDoes(ContainerKind kind) throws Exception {
        assertEquals(101, status(servers.get(kind), "/open-to-all", "http://evil.example"));
    }
}
