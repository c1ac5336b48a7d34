package io.wsgate.it.jakarta;

import io.wsgate.it.ContainerKind;
import io.wsgate.it.TestServer;
import io.wsgate.it.clients.Inbox;
import io.wsgate.it.clients.JdkClient;
import io.wsgate.jakarta.fixtures.UninspectableClasses;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Classes the container hands to the initializer that fail when inspected ({@link UninspectableClasses}: nested
 * classes whose enclosing class is missing or another copy) are left out; the application starts and its
 * endpoints answer, with and without a ServerApplicationConfig (which makes the Endpoint subclasses inspected).
 */
class UninspectableClassesTest {

    private final HttpClient http = HttpClient.newHttpClient();

    private static Class<?>[] scannedWith(Class<?>... endpoints) {
        List<Class<?>> scanned = new ArrayList<>(UninspectableClasses.load());
        scanned.addAll(List.of(endpoints));
        return scanned.toArray(Class<?>[]::new);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void annotatedEndpointsDeployBesideThem(ContainerKind kind) throws Exception {
        try (TestServer server = TestServer.start(kind, JakartaApp.extras(scannedWith(AnnotatedEndpoints.TextEcho.class)),
                JakartaApp.withDefaultServlet(c -> {}))) {
            JdkClient.Connection c = JdkClient.connect(http, server.wsUri("/text"));
            c.webSocket().sendText("hi", true).get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals("text:hi", c.inbox().nextText());
            c.webSocket().sendClose(1000, "").get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals(1000, c.inbox().awaitClose().code());
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void programmaticEndpointsChosenByAServerApplicationConfigDeployBesideThem(ContainerKind kind) throws Exception {
        try (TestServer server = TestServer.start(kind, JakartaApp.extras(scannedWith(ProgrammaticEndpoints.Config.class,
                ProgrammaticEndpoints.Handlers.class, ProgrammaticEndpoints.Configured.class)), JakartaApp.withDefaultServlet(c -> {}))) {
            JdkClient.Connection c = JdkClient.connect(http, server.wsUri("/handlers"));
            assertEquals("second refused:IllegalStateException;handlers=2", c.inbox().nextText());
            c.webSocket().sendClose(1000, "").get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals(1000, c.inbox().awaitClose().code());
        }
    }
}
