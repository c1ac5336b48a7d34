package io.wsgate.sample;

import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README's promise, checked: a WAR made from scratch (src/test/tiny-war: a servlet, a JSP, one @ServerEndpoint) set
 * up by following "Add wsgate to an existing WAR" and nothing else works in each distribution, from headless
 * Chromium: the servlet answers, the JSP renders, and the page's WebSocket echoes. The Jetty bases are the usual ones,
 * without Jetty's own websocket-jakarta module, so the WAR's API jars (scope compile) are what the application uses.
 */
class TinyWarIT {

    @Test
    void tomcat11() throws Exception {
        try (TomcatDistribution tomcat = TomcatDistribution.start(TinyWar.war(),
                TomcatDistribution.Setup.DEFAULT.withProbe("hello"), "tomcat.home")) {
            works(tomcat, tomcat.logLines());
        }
    }

    @Test
    void tomcat10() throws Exception {
        try (TomcatDistribution tomcat = TomcatDistribution.start(TinyWar.war(),
                TomcatDistribution.Setup.DEFAULT.withProbe("hello"), "tomcat10.home")) {
            works(tomcat, tomcat.logLines());
        }
    }

    @Test
    void jettyEe11() throws Exception {
        try (JettyDistribution jetty = JettyDistribution.start(TinyWar.war(), "http,ee11-deploy,ee11-annotations,ee11-jsp",
                true, "256m", "tiny-jetty-ee11", "hello")) {
            works(jetty, jetty.logLines());
        }
    }

    @Test
    void jettyEe10() throws Exception {
        try (JettyDistribution jetty = JettyDistribution.start(TinyWar.war(), "http,ee10-deploy,ee10-annotations,ee10-jsp",
                true, "256m", "tiny-jetty-ee10", "hello")) {
            works(jetty, jetty.logLines());
        }
    }

    /** README's table: on Tomcat the API jars may also be provided, since Tomcat's lib/ has them. */
    @Test
    void tomcat11WithTheApiJarsProvided() throws Exception {
        try (TomcatDistribution tomcat = TomcatDistribution.start(TinyWar.withoutWebSocketApi(),
                TomcatDistribution.Setup.DEFAULT.withProbe("hello"), "tomcat.home")) {
            works(tomcat, tomcat.logLines());
        }
    }

    /** README's table: the API jars declared provided, on a Jetty without them, give 404s, and the log says why. */
    @Test
    void jettyWithTheApiJarsProvidedSaysWhyEveryHandshakeIs404() throws Exception {
        Path war = TinyWar.withoutWebSocketApi();
        assertTrue(TinyWar.libraries(war).stream().noneMatch(jar -> jar.startsWith("jakarta.websocket")), TinyWar.libraries(war)::toString);
        try (JettyDistribution jetty = JettyDistribution.start(war, "http,ee11-deploy,ee11-annotations,ee11-jsp",
                true, "256m", "tiny-jetty-provided", "hello")) {
            HttpClient http = HttpClient.newHttpClient();
            CompletionException refused = assertThrows(CompletionException.class, () -> http.newWebSocketBuilder()
                    .buildAsync(jetty.ws("/echo"), new WebSocket.Listener() {}).join());
            WebSocketHandshakeException handshake = assertInstanceOf(WebSocketHandshakeException.class, refused.getCause());
            assertEquals(404, handshake.getResponse().statusCode());
            List<String> warnings = jetty.logLines().stream()
                    .filter(l -> l.contains("the Jakarta WebSocket API cannot be loaded")).toList();
            assertEquals(1, warnings.size(), jetty.logLines()::toString);
            assertTrue(warnings.get(0).contains("compile, not provided"), warnings.get(0));
        }
    }

    private static void works(Deployment deployment, List<String> startupLog) throws Exception {
        HttpResponse<String> hello = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(deployment.base().resolve("hello")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, hello.statusCode());
        assertEquals("hello from a servlet", hello.body().trim());
        try (Browser browser = Browser.start(deployment.base())) {
            browser.go("");
            browser.awaitText("#jsp", "rendered by a JSP: 42");
            browser.awaitText("#echo", "echoed: hello over WebSocket");
        }
        assertTrue(startupLog.stream().anyMatch(l -> l.contains("wsgate: application '/app': WebSocket endpoints [/echo]")),
                () -> deployment.name() + " log:\n" + String.join("\n", startupLog));
        assertTrue(startupLog.stream().noneMatch(l -> l.contains("wsgate: application '/app'") && l.contains("WARN")),
                () -> deployment.name() + " log:\n" + String.join("\n", startupLog));
    }
}
