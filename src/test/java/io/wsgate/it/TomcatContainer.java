package io.wsgate.it;

import jakarta.servlet.ServletContextListener;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Embedded Tomcat 11 (tomcat-embed-core only: Tomcat's own WebSocket implementation is deliberately absent). */
final class TomcatContainer implements EmbeddedContainer {

    private Tomcat tomcat;
    private Path baseDir;
    private String listenerKey;
    private Context context;

    @Override
    public int start(String contextPath, ServletContextListener setup, ContextExtras extras) throws Exception {
        baseDir = Files.createTempDirectory("wsgate-tomcat");
        Path docBase = Files.createDirectories(baseDir.resolve("docbase"));
        extras.writeWebXml(docBase);
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());

        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);

        context = tomcat.addContext(contextPath, docBase.toString());
        // Declared by class name, as web.xml would: Tomcat forbids a listener added as an instance to add filters.
        listenerKey = DeclaredListener.remember(setup);
        context.addParameter(DeclaredListener.KEY_PARAMETER, listenerKey);
        context.addApplicationListener(DeclaredListener.class.getName());
        for (ContextExtras.Initializer i : extras.initializers()) {
            context.addServletContainerInitializer(i.initializer(), i.classes());
        }
        extras.initParameters().forEach(context::addParameter);

        // Tomcat logs a failed application start instead of throwing it; the log holds the reason.
        try (StartFailureLog failures = StartFailureLog.capture()) {
            tomcat.start();
            if (context.getState() != LifecycleState.STARTED) {
                throw failures.toException("web application " + contextPath + " did not start: " + context.getState());
            }
        }
        return connector.getLocalPort();
    }

    @Override
    public void stopApplication() throws Exception {
        context.stop();
    }

    @Override
    public void startApplication() throws Exception {
        context.start();
    }

    @Override
    public void stop() throws Exception {
        try {
            if (tomcat != null) {
                tomcat.stop();
                tomcat.destroy();
            }
        } finally {
            DeclaredListener.forget(listenerKey);
            deleteTree(baseDir);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) return;
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
