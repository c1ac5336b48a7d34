package io.wsgate.it.client;

import io.wsgate.it.ContainerKind;
import io.wsgate.it.ContextExtras;
import io.wsgate.it.ServerPerKind;
import io.wsgate.it.app.TestApp;
import io.wsgate.jakarta.WsgateInitializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The client from inside a web application on Tomcat 11, Jetty 12.1 ee11 and ee10: a servlet connects to an upstream
 * echo with the container from ContainerProvider (wsgate's, the only implementation visible) and with the
 * ServerContainer attribute (wsgate's server container, which connects too).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientInsideWarTest {

    private final ServerPerKind servers = new ServerPerKind(
            ContextExtras.none().initializer(new WsgateInitializer(), UpstreamEndpoints.ALL),
            context -> {
                TestApp.addPlainServlet(context);
                context.addServlet("relay", RelayServlet.class).addMapping("/relay");
            });
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @AfterAll
    void stop() throws Exception {
        servers.close();
    }

    private String relay(ContainerKind kind, String via, String msg) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                servers.get(kind).httpUri("/relay?via=" + via + "&msg=" + msg)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void throughContainerProvider(ContainerKind kind) throws Exception {
        assertEquals("hello via WsgateClientContainer", relay(kind, "provider", "hello"));
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void throughTheServerContainer(ContainerKind kind) throws Exception {
        assertEquals("upstream via WsgateServerContainer", relay(kind, "container", "upstream"));
    }
}
