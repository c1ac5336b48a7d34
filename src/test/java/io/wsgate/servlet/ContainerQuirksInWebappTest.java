package io.wsgate.servlet;

import io.wsgate.servlet.quirks.RawUpgradeClient;
import io.wsgate.servlet.quirks.WebappProbeFilter;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reflective workarounds from inside a real Jetty web application: wsgate's classes are loaded by Jetty's
 * WebAppClassLoader from WEB-INF/classes, which hides org.eclipse.jetty.* from them by name.
 */
class ContainerQuirksInWebappTest {

    @Test
    void workaroundsReachJettyThroughTheWebappClassLoader(@TempDir Path webapp) throws Exception {
        Path classes = webapp.resolve("WEB-INF/classes");
        copyPackage(ContainerQuirks.class, classes);
        copyPackage(WebappProbeFilter.class, classes);

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        WebAppContext context = new WebAppContext(webapp.toString(), "/");
        Map<String, Object> report = new ConcurrentHashMap<>();
        context.setAttribute(WebappProbeFilter.REPORT_ATTRIBUTE, report);
        context.addFilter(WebappProbeFilter.class.getName(), "/*", EnumSet.of(DispatcherType.REQUEST)).setAsyncSupported(true);
        server.setHandler(context);
        server.start();
        try (RawUpgradeClient client = RawUpgradeClient.upgrade(connector.getLocalPort(), "/probe")) {
            assertTrue(client.switched(), client.statusLine);
            ((CompletableFuture<?>) report.get("hookDone")).get(10, TimeUnit.SECONDS);
            client.send("hello");
            assertEquals("hello", client.receive(5));
            assertEquals("data", ((CompletableFuture<?>) report.get("firstReadEvent")).getNow(null));
            assertTrue(((String) report.get("quirksLoader")).endsWith(".WebAppClassLoader"), (String) report.get("quirksLoader"));
            assertEquals(true, report.get("jettyHiddenFromWebapp"));
            for (ContainerQuirks.Workaround w : EnumSet.of(ContainerQuirks.Workaround.STALE_EOF,
                    ContainerQuirks.Workaround.ASYNC_TIMEOUT, ContainerQuirks.Workaround.IDLE_TIMEOUT)) {
                assertEquals(true, report.get("engaged:" + w.id()), w.id());
                assertEquals(true, report.get(w.id()), w.id() + " repaired from inside the webapp");
            }
        } finally {
            server.stop();
        }
    }

    /** Copies the compiled classes of {@code type}'s package (not sub-packages) into a WEB-INF/classes tree. */
    private static void copyPackage(Class<?> type, Path classes) throws IOException, URISyntaxException {
        Path root = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        String packagePath = type.getPackageName().replace('.', '/');
        Path source = root.resolve(packagePath);
        Path target = Files.createDirectories(classes.resolve(packagePath));
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                Files.copy(file, target.resolve(file.getFileName().toString()));
            }
        }
    }
}
