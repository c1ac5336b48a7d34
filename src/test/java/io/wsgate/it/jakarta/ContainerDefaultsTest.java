package io.wsgate.it.jakarta;

import io.wsgate.it.ContainerKind;
import io.wsgate.it.ServerPerKind;
import io.wsgate.it.TestServer;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.server.ServerContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The ServerContainer's getDefault* report what wsgate's filter is configured with, read by the same parser as
 * the filter (sizes with K/M/G suffixes included): one source of truth.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerDefaultsTest {

    private final ServerPerKind servers = JakartaApp.servers(ContainerDefaultsTest::configure, AnnotatedEndpoints.TextEcho.class);
    private final HttpClient http = HttpClient.newHttpClient();

    private static void configure(ServletContext context) {
        // the filter the initializer registered, configured as web.xml init-params would
        FilterRegistration wsgate = context.getFilterRegistration("io.wsgate.servlet.WsgateFilter");
        wsgate.setInitParameter("maxMessageSize", "16M");
        wsgate.setInitParameter("maxBinaryMessageSize", "2k");
        wsgate.setInitParameter("idleTimeout", "90000");
        context.addServlet("defaults", new Defaults()).addMapping("/defaults");
    }

    /** Says what the application's ServerContainer reports. */
    static final class Defaults extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            ServerContainer container = (ServerContainer) request.getServletContext().getAttribute(ServerContainer.class.getName());
            response.setContentType("text/plain");
            response.getWriter().print(container.getDefaultMaxTextMessageBufferSize() + " "
                    + container.getDefaultMaxBinaryMessageBufferSize() + " " + container.getDefaultMaxSessionIdleTimeout());
        }
    }

    @AfterAll
    void stop() throws Exception {
        servers.close();
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void getDefaultGettersReportTheFiltersInitParameters(ContainerKind kind) throws Exception {
        TestServer server = servers.get(kind);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.httpUri("/defaults")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals((16 * 1024 * 1024) + " 2048 90000", response.body());
    }
}
