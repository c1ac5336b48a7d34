package io.wsgate.it.h2;

import io.wsgate.servlet.ContainerQuirks;
import io.wsgate.servlet.ContainerQuirks.Workaround;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reports whether Jetty still needs wsgate's RFC 8441 hand-off ({@code [quirks] ... h2-websocket PRESENT/absent}):
 * an application filter without wsgate receives an extended CONNECT over TLS + HTTP/2 and tries the standard way,
 * {@code request.upgrade()}. Jetty 12.1.14 refuses it for anything but HTTP/1.1; once it accepts it, the servlet
 * transport could serve HTTP/2 too and the hand-off can go. Also reports the idle timeout Jetty gives the tunnel's
 * EndPoint ({@code h2-idle}), which wsgate lifts.
 */
class ExtendedConnectQuirkTest {

    /** What the probe filter saw of one extended CONNECT. */
    record Seen(String method, String protocol, Throwable upgradeFailure, long tunnelIdleTimeout) {}

    @ParameterizedTest
    @EnumSource(H2JettyServer.Kind.class)
    void upgradeOnAnExtendedConnect(H2JettyServer.Kind kind) throws Exception {
        CompletableFuture<Seen> seen = new CompletableFuture<>();
        CompletableFuture<ContainerQuirks> quirks = new CompletableFuture<>();
        Filter probe = new Filter() {
            @Override
            public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain) {
                HttpServletRequest request = (HttpServletRequest) req;
                long idleTimeout = tunnelIdleTimeout(request);
                Throwable failure = null;
                try {
                    request.upgrade(Unused.class);
                } catch (Throwable t) {
                    failure = t;
                }
                seen.complete(new Seen(request.getMethod(), request.getProtocol(), failure, idleTimeout));
                if (failure != null) ((HttpServletResponse) resp).setStatus(501);
            }
        };
        try (H2JettyServer server = H2JettyServer.start(kind, context -> {
            quirks.complete(ContainerQuirks.forContext(context));
            context.addFilter("probe", probe).addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        }); H2Clients clients = new H2Clients()) {
            int status;
            try {
                status = RawConnect.status(clients.http2(), server, "/probe", "websocket",
                        Map.of("sec-websocket-version", "13", "origin", server.origin()));
            } catch (Exception e) {
                status = -1; // an upgrade() that "worked" leaves no answer on an HTTP/2 stream
            }
            Seen s = seen.get(30, TimeUnit.SECONDS);
            assertEquals("CONNECT", s.method());
            assertEquals("HTTP/2.0", s.protocol());
            boolean present = s.upgradeFailure() != null;
            String serverInfo = server.serverInfo();
            System.out.printf("[quirks] %-34s %-13s %s: %s%n", serverInfo, Workaround.EXTENDED_CONNECT.id(),
                    present ? "PRESENT" : "absent", present
                            ? "request.upgrade() on an extended CONNECT throws " + s.upgradeFailure() + " (status " + status + ")"
                            : "request.upgrade() accepted an extended CONNECT (status " + status + ")");
            // What wsgate lifts when it takes the tunnel (WebSocketOverHttp2Test shows a quiet connection survives).
            System.out.printf("[quirks] %-34s %-13s %s: the tunnel's EndPoint idle timeout is %d ms (connector: 30000)%n",
                    serverInfo, "h2-idle", s.tunnelIdleTimeout() > 0 ? "PRESENT" : "absent", s.tunnelIdleTimeout());
            if (present) {
                assertTrue(quirks.get().isEngaged(Workaround.EXTENDED_CONNECT), "quirk present but workaround not engaged");
            }
        }
    }

    /** Jetty's core request's tunnel EndPoint idle timeout (the test compiles against Jetty; wsgate does not). */
    private static long tunnelIdleTimeout(HttpServletRequest request) {
        try {
            jakarta.servlet.ServletRequest servletApi = request;
            while (servletApi instanceof jakarta.servlet.ServletRequestWrapper wrapper) servletApi = wrapper.getRequest();
            org.eclipse.jetty.server.Request core =
                    (org.eclipse.jetty.server.Request) servletApi.getClass().getMethod("getRequest").invoke(servletApi);
            return core.getTunnelSupport().getEndPoint().getIdleTimeout();
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.out.println("[quirks] cannot read the tunnel's idle timeout: " + e);
            return -1;
        }
    }

    /** Never initialised: the probe only asks whether upgrade() accepts the request. */
    public static final class Unused implements HttpUpgradeHandler {
        @Override
        public void init(WebConnection connection) {
            try {
                connection.close();
            } catch (Exception ignored) {
                // a probe
            }
        }

        @Override
        public void destroy() {
        }
    }
}
