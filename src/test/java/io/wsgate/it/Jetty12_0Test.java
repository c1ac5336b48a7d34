package io.wsgate.it;

import io.wsgate.it.app.TestApp;
import io.wsgate.it.raw.HandshakeRequest;
import io.wsgate.it.raw.RawResponse;
import io.wsgate.it.raw.RawWebSocketClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jetty 12.0 does not implement {@code HttpServletRequest.upgrade()}: wsgate says so at startup (an ERROR naming the
 * fix, no "workarounds engaged") and answers every handshake 501 with that reason instead of the container's bare
 * 500. Runs in the pom's jetty-12.0 execution, which has embedded Jetty 12.0 ee10 instead of 12.1 on its class path.
 */
@Tag("jetty-12.0")
class Jetty12_0Test {

    @Test
    void startupSaysWhyAndHandshakesGet501WithTheReason() throws Exception {
        try (WsgateLog log = WsgateLog.capture(); TestServer server = TestServer.start(ContainerKind.JETTY_12_0_EE10, TestApp::configure)) {
            assertTrue(ContainerReleases.jetty().startsWith("12.0."), ContainerReleases.jetty());
            List<String> errors = log.matching(Level.SEVERE, "does not implement HttpServletRequest.upgrade()");
            assertEquals(1, errors.size(), log.lines()::toString);
            assertTrue(errors.get(0).contains("Jetty 12.1") && errors.get(0).contains("ee10-websocket-jakarta"), errors.get(0));
            assertEquals(List.of(), log.matching(Level.INFO, "workarounds engaged"), log.lines()::toString);

            RawResponse response = RawWebSocketClient.exchange(server, HandshakeRequest.to(server, TestApp.ECHO));
            assertEquals(501, response.status(), response::toString);
            assertTrue(response.bodyText().contains("Jetty 12.1"), response::toString);
            // an ordinary request still reaches the application
            assertEquals(200, RawWebSocketClient.exchange(server, HandshakeRequest.plain(server, "/hello")).status());
        }
    }
}
