package io.wsgate.it.client;

import io.wsgate.it.ContainerKind;
import io.wsgate.it.ContextExtras;
import io.wsgate.it.TestServer;
import io.wsgate.it.app.TestApp;
import io.wsgate.jakarta.WsgateInitializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An application holding an upstream connection (opened through its ServerContainer) is stopped: the upstream sees
 * 1001, the endpoint its onClose, and the client's threads have ended when the stop returns.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientUndeployTest {

    private final NodeUpstream node;

    ClientUndeployTest() throws Exception {
        node = new NodeUpstream();
    }

    @AfterAll
    void stop() throws Exception {
        node.close();
    }

    private static Set<Thread> clientThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("wsgate-client-")).collect(Collectors.toSet());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void stoppingTheApplicationClosesItsClientConnectionsAndEndsTheirThreads(ContainerKind kind) throws Exception {
        try (TestServer server = TestServer.start(kind, ContextExtras.none().initializer(new WsgateInitializer(), UpstreamEndpoints.ALL),
                context -> {
                    TestApp.addPlainServlet(context);
                    context.addServlet("hold", HoldServlet.class).addMapping("/hold");
                })) {
            Set<Thread> before = clientThreads();
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.httpUri("/hold?upstream="
                    + URLEncoder.encode(node.url("/"), StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            Set<Thread> ours = clientThreads();
            ours.removeAll(before);
            assertFalse(ours.isEmpty(), "the client runs threads of its own");

            server.stopApplication();

            assertEquals("CLOSE 1001 application stopping", node.nextLine());
            assertEquals(1001, HoldServlet.held.awaitClose().getCloseCode().getCode());
            List<String> alive = ours.stream().filter(Thread::isAlive).map(Thread::getName).toList();
            assertTrue(alive.isEmpty(), "client threads left after the stop: " + alive);
        }
    }
}
