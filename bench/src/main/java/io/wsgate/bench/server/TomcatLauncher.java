package io.wsgate.bench.server;

import jakarta.servlet.ServletContainerInitializer;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;

import java.nio.file.Files;
import java.util.List;

/** Embedded Tomcat with its defaults: NIO HTTP/1.1 connector, 200 max worker threads, 8192 max connections. */
public final class TomcatLauncher implements ServerLauncher {

    @Override
    public void start(int port, List<ServletContainerInitializer> initializers) throws Exception {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("wsgate-bench-tomcat").toString());
        tomcat.setPort(port);
        Connector connector = tomcat.getConnector();
        connector.setProperty("address", "127.0.0.1");
        Context context = tomcat.addContext("", null);
        // As in a stock Tomcat (conf/web.xml): without a servlet mapped at "/", Tomcat answers 404 for /echo before
        // any filter runs, and both its own WebSocket filter and wsgate's are filters.
        Tomcat.addServlet(context, "default", new DefaultServlet());
        context.addServletMappingDecoded("/", "default");
        for (ServletContainerInitializer initializer : initializers) {
            context.addServletContainerInitializer(initializer, null);
        }
        tomcat.start();
        if (!context.getState().isAvailable()) {
            // Tomcat logs a failing listener or initializer and carries on; a half-started app must not be measured.
            throw new IllegalStateException("Tomcat context failed to start (state " + context.getState()
                    + "); see the log above");
        }
    }

    @Override
    public String describe() {
        return ServerInfo.getServerInfo();
    }
}
