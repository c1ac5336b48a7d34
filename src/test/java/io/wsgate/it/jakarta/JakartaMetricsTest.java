package io.wsgate.it.jakarta;

import io.wsgate.it.ContainerKind;
import io.wsgate.it.Deadline;
import io.wsgate.it.Jmx;
import io.wsgate.it.TestServer;
import io.wsgate.it.clients.JdkClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.management.ObjectName;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A Jakarta endpoint's metrics go by its path template: one MBean for /rooms/{name}, whatever rooms are used. */
class JakartaMetricsTest {

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void oneMBeanPerPathTemplateNeverPerConcretePath(ContainerKind kind) throws Exception {
        try (Jmx.Started started = Jmx.start(() -> TestServer.start(kind,
                JakartaApp.extras(AnnotatedEndpoints.TemplateRoom.class), JakartaApp.withDefaultServlet(context -> {})))) {
            ObjectName rooms = started.endpoint("/rooms/{name}");
            assertTrue(Jmx.registered(rooms), "registered at startup: " + rooms);
            assertEquals(List.of("/rooms/{name}"), List.of((String[]) Jmx.get(started.application(), "Endpoints")));

            HttpClient http = HttpClient.newHttpClient();
            for (String room : List.of("red", "blue")) {
                JdkClient.Connection c = JdkClient.connect(http, started.server().wsUri("/rooms/" + room));
                assertEquals("template:" + room, c.inbox().nextText());
                c.webSocket().sendClose(WebSocket.NORMAL_CLOSURE, "").get(30, TimeUnit.SECONDS);
                assertEquals(1000, c.inbox().awaitClose().code());
            }
            assertTrue(Deadline.await(Duration.ofSeconds(30), () -> Jmx.number(rooms, "SessionsClosed") == 2),
                    () -> "closed: " + Jmx.get(rooms, "SessionsClosed"));
            assertEquals(2, Jmx.number(rooms, "SessionsOpened"));
            assertEquals(2, Jmx.number(rooms, "MessagesOut"));
            assertEquals(Map.of("1000", 2L), Jmx.map(rooms, "CloseCodes"));
            assertFalse(Jmx.registered(started.endpoint("/rooms/red")), "never one per concrete path");
            assertEquals(2, Jmx.SERVER.queryNames(Jmx.name("io.wsgate:context=" + started.application().getKeyProperty("context")
                    + (started.application().getKeyProperty("instance") == null ? ""
                    : ",instance=" + started.application().getKeyProperty("instance")) + ",*"), null).size(),
                    "the application and its one endpoint");
        }
    }
}
