package io.wsgate.servlet;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Jakarta WebSocket API check, with a class loader that has no API jars (a WAR declaring them provided, on Jetty). */
class StartupReportTest {

    @Test
    void aClassLoaderWithoutTheApiJarsIsNamed() {
        String missing = StartupReport.missingJakartaApi(ClassLoader.getPlatformClassLoader());
        assertTrue(missing != null && missing.startsWith("jakarta.websocket.server.ServerEndpoint"), missing);
    }

    @Test
    void theTestClassPathHasBoth() {
        assertNull(StartupReport.missingJakartaApi(StartupReportTest.class.getClassLoader()));
    }
}
