package io.wsgate.servlet;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @Test
    void theInitializerThatNeedsNoApiWarnsWhenTheApplicationCannotLoadIt() {
        jakarta.servlet.ServletContext context = org.mockito.Mockito.mock(jakarta.servlet.ServletContext.class);
        org.mockito.Mockito.when(context.getClassLoader()).thenReturn(ClassLoader.getPlatformClassLoader());
        org.mockito.Mockito.when(context.getContextPath()).thenReturn("/legacy");
        java.util.List<String> warnings = new java.util.ArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override public void publish(java.util.logging.LogRecord r) { warnings.add(r.getLevel() + " " + r.getMessage()); }
            @Override public void flush() {}
            @Override public void close() {}
        };
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(JakartaApiCheck.class.getName());
        logger.addHandler(capture);
        try {
            new JakartaApiCheck().onStartup(null, context);
        } finally {
            logger.removeHandler(capture);
        }
        assertEquals(1, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).startsWith("WARNING wsgate: application '/legacy': the Jakarta WebSocket API cannot be loaded"), warnings.get(0));
        assertTrue(warnings.get(0).contains("compile, not provided"), warnings.get(0));
        org.mockito.Mockito.verify(context).setAttribute(JakartaApiCheck.WARNED, Boolean.TRUE);
    }
}
