package io.wsgate.it.jakarta;

import io.wsgate.it.ContainerKind;
import io.wsgate.it.ContextExtras;
import io.wsgate.it.Failures;
import io.wsgate.it.TestServer;
import io.wsgate.it.clients.Inbox;
import io.wsgate.it.clients.JdkClient;
import io.wsgate.jakarta.WsgateInitializer;
import io.wsgate.jakarta.WsgateServerContainer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContainerInitializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * wsgate next to the container's own Jakarta WebSocket implementation: stock Tomcat ships tomcat-websocket (its
 * initializer WsSci runs for every application unless {@code containerSciFilter} in META-INF/context.xml excludes
 * it); Jetty ee11 with its jakarta websocket module runs JakartaWebSocketServletContainerInitializer unless the
 * context-param {@code org.eclipse.jetty.websocket.jakarta} is false. When the other one is active, wsgate must not
 * half-work: the application fails to start with the line that disables it. Without it, wsgate serves.
 *
 * <p>Runs in its own surefire execution (tag "coexistence") whose class path adds tomcat-embed-websocket and
 * jetty-ee11-websocket-jakarta-server, so the container initializers are loaded by name. Embedded contexts do not
 * discover initializers, so this test runs them as the container would: "WsSci not run" is exactly what the
 * containerSciFilter line achieves in a real Tomcat.
 */
@Tag("coexistence")
class ForeignWebSocketCoexistenceTest {

    private static final String TOMCAT_SCI = "org.apache.tomcat.websocket.server.WsSci";
    private static final String JETTY_SCI = "org.eclipse.jetty.ee11.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer";
    private static final String JETTY_SWITCH = "org.eclipse.jetty.websocket.jakarta";

    private final HttpClient http = HttpClient.newHttpClient();

    private static ServletContainerInitializer initializer(String className) throws ReflectiveOperationException {
        return (ServletContainerInitializer) Class.forName(className).getConstructor().newInstance();
    }

    private static String failedStart(ContainerKind kind, ContextExtras extras) {
        kind.assumeAvailable(); // before assertThrows, which would take the skip for a failure
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> {
            TestServer server = TestServer.start(kind, extras, JakartaApp.withDefaultServlet(c -> {}));
            server.close();
        }, "the application started with two WebSocket implementations");
        return Failures.messages(failure);
    }

    private void assertServes(ContainerKind kind, ContextExtras extras) throws Exception {
        AtomicReference<ServletContext> context = new AtomicReference<>();
        try (TestServer server = TestServer.start(kind, extras, JakartaApp.withDefaultServlet(context::set))) {
            // the application's ServerContainer is wsgate's, so no other implementation took the endpoints
            assertEquals(WsgateServerContainer.class, context.get().getAttribute(WsgateServerContainer.ATTRIBUTE).getClass());
            JdkClient.Connection c = JdkClient.connect(http, server.wsUri("/text"));
            c.webSocket().sendText("hi", true).get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals("text:hi", c.inbox().nextText());
            c.webSocket().sendClose(1000, "").get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals(1000, c.inbox().awaitClose().code());
        }
    }

    private static void assertMentions(String messages, String... parts) {
        for (String part : parts) assertTrue(messages.contains(part), "no \"" + part + "\" in:\n" + messages);
    }

    @Test
    void stockTomcatWithWsSciBeforeWsgateRefusesToStartNamingContainerSciFilter() throws Exception {
        String messages = failedStart(ContainerKind.TOMCAT, ContextExtras.none()
                .initializer(initializer(TOMCAT_SCI), AnnotatedEndpoints.TextEcho.class)
                .initializer(new WsgateInitializer(), AnnotatedEndpoints.TextEcho.class));
        assertMentions(messages, "containerSciFilter=\"org.apache.tomcat.websocket.server.WsSci\"", "META-INF/context.xml");
    }

    @Test
    void stockTomcatWithWsSciAfterWsgateRefusesToStartNamingContainerSciFilter() throws Exception {
        String messages = failedStart(ContainerKind.TOMCAT, ContextExtras.none()
                .initializer(new WsgateInitializer(), AnnotatedEndpoints.TextEcho.class)
                .initializer(initializer(TOMCAT_SCI), AnnotatedEndpoints.TextEcho.class));
        assertMentions(messages, "containerSciFilter=\"org.apache.tomcat.websocket.server.WsSci\"", "META-INF/context.xml");
    }

    @Test
    void tomcatWithoutWsSciServesThroughWsgateThoughItsJarIsPresent() throws Exception {
        Class.forName(TOMCAT_SCI);  // tomcat-websocket is on the class path, as in a stock Tomcat
        assertServes(ContainerKind.TOMCAT, JakartaApp.extras(AnnotatedEndpoints.TextEcho.class));
    }

    @Test
    void jettyWithItsJakartaWebSocketBeforeWsgateRefusesToStartNamingTheContextParam() throws Exception {
        String messages = failedStart(ContainerKind.JETTY_EE11, ContextExtras.none()
                .initializer(initializer(JETTY_SCI), AnnotatedEndpoints.TextEcho.class)
                .initializer(new WsgateInitializer(), AnnotatedEndpoints.TextEcho.class));
        assertMentions(messages, "<param-name>" + JETTY_SWITCH + "</param-name><param-value>false</param-value>");
    }

    /**
     * Jetty runs the container's initializers before the application's, so the order above is the deployed one.
     * In the reverse order Jetty's initializer itself fails on wsgate's container (a ClassCastException inside
     * Jetty, before wsgate's check can run): the application still does not start, but without wsgate's hint.
     */
    @Test
    void jettyWithItsJakartaWebSocketAfterWsgateStillDoesNotStart() throws Exception {
        String messages = failedStart(ContainerKind.JETTY_EE11, ContextExtras.none()
                .initializer(new WsgateInitializer(), AnnotatedEndpoints.TextEcho.class)
                .initializer(initializer(JETTY_SCI), AnnotatedEndpoints.TextEcho.class));
        assertMentions(messages, WsgateServerContainer.class.getName());
    }

    @Test
    void jettyWithItsJakartaWebSocketSwitchedOffServesThroughWsgate() throws Exception {
        assertServes(ContainerKind.JETTY_EE11, ContextExtras.none()
                .initializer(initializer(JETTY_SCI), AnnotatedEndpoints.TextEcho.class)
                .initializer(new WsgateInitializer(), AnnotatedEndpoints.TextEcho.class)
                .initParameter(JETTY_SWITCH, "false"));
    }
}
