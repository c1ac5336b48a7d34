package io.wsgate.it;

import io.wsgate.it.app.TestApp;
import io.wsgate.jakarta.WsgateInitializer;
import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an operator reads at startup: one INFO line per application with its endpoints and limits, WARN when useless. */
class StartupLinesTest {

    private static final String APP = "wsgate: application '" + TestServer.CONTEXT_PATH + "'";

    @ServerEndpoint("/rooms/{room}")
    public static final class Room {
        @OnMessage
        public String echo(String text) {
            return text;
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void oneInfoLineListsTheEndpointsAndTheEffectiveLimits(ContainerKind kind) throws Exception {
        try (WsgateLog log = WsgateLog.capture();
             TestServer server = TestServer.start(kind, c -> TestApp.configure(c, Map.of("maxConnections", "7", "idleTimeout", "30000")))) {
            List<String> lines = log.matching(Level.INFO, APP + ": WebSocket endpoints");
            assertEquals(1, lines.size(), log.lines()::toString);
            String line = lines.get(0);
            for (String expected : List.of(TestApp.ECHO, TestApp.SMALL, TestApp.ALLOW_LIST, "maxConnections=7",
                    "idleTimeout=30000", "maxOutboundBytes=1048576", "allowedOrigins=same-origin")) {
                assertTrue(line.contains(expected), expected + " missing from: " + line);
            }
            assertEquals(List.of(), log.matching(Level.WARNING, APP), server::toString);
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void jakartaEndpointsAreListedByTheirTemplates(ContainerKind kind) throws Exception {
        ContextExtras extras = ContextExtras.none().sessions().initializer(new WsgateInitializer(), Room.class);
        try (WsgateLog log = WsgateLog.capture(); TestServer server = TestServer.start(kind, extras, TestApp::addPlainServlet)) {
            List<String> lines = log.matching(Level.INFO, APP + ": WebSocket endpoints [/rooms/{room}]");
            assertEquals(1, lines.size(), log.lines()::toString);
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void contextParamsSetTheFilterThatTheInitializerRegisters(ContainerKind kind) throws Exception {
        ContextExtras extras = ContextExtras.none().sessions().initializer(new WsgateInitializer(), Room.class)
                .initParameter("io.wsgate.maxConnections", "9")
                .initParameter("io.wsgate.allowedOrigins", "https://pages.example");
        try (WsgateLog log = WsgateLog.capture(); TestServer server = TestServer.start(kind, extras, TestApp::addPlainServlet)) {
            List<String> lines = log.matching(Level.INFO, APP + ": WebSocket endpoints [/rooms/{room}]");
            assertEquals(1, lines.size(), log.lines()::toString);
            assertTrue(lines.get(0).contains("maxConnections=9") && lines.get(0).contains("https://pages.example"), lines.get(0));
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aWebXmlMappingAFilterAfterWsgatesIsReportedWithTheFix(ContainerKind kind) throws Exception {
        String webXml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <filter><filter-name>wsgate</filter-name><filter-class>io.wsgate.servlet.WsgateFilter</filter-class></filter>
                  <filter><filter-name>login</filter-name><filter-class>com.example.LoginFilter</filter-class></filter>
                  <filter-mapping><filter-name>wsgate</filter-name><url-pattern>/*</url-pattern></filter-mapping>
                  <filter-mapping><filter-name>login</filter-name><url-pattern>/*</url-pattern></filter-mapping>
                </web-app>
                """;
        try (WsgateLog log = WsgateLog.capture();
             TestServer server = TestServer.start(kind, ContextExtras.none().webXml(webXml), TestApp::configure)) {
            List<String> warnings = log.matching(Level.WARNING, APP + ": web.xml maps the filter(s) [login] after wsgate's filter 'wsgate'");
            assertEquals(1, warnings.size(), log.lines()::toString);
            assertTrue(warnings.get(0).contains("Fix: remove wsgate's <filter> and <filter-mapping>"), warnings.get(0));
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aFilterWithoutEndpointsWarnsThatEveryHandshakeWillBe404(ContainerKind kind) throws Exception {
        try (WsgateLog log = WsgateLog.capture();
             TestServer server = TestServer.start(kind, c -> {
                 TestApp.addWsgateFilter(c, Map.of());
                 TestApp.addPlainServlet(c);
             })) {
            List<String> warnings = log.matching(Level.WARNING, APP + ": wsgate's filter is installed but no WebSocket endpoint is deployed");
            assertEquals(1, warnings.size(), log.lines()::toString);
            assertTrue(warnings.get(0).contains("404") && warnings.get(0).contains("@ServerEndpoint"), warnings.get(0));
        }
    }
}
