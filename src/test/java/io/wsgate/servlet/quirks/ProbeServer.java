package io.wsgate.servlet.quirks;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.nio.file.Files;
import java.util.EnumSet;
import java.util.List;

/** An embedded container serving {@link ProbeFilter} at /*, with a given connector idle timeout. */
public abstract class ProbeServer implements AutoCloseable {

    public enum Kind {
        JETTY_EE11, JETTY_EE10, TOMCAT;

        public ProbeServer start(ProbeRecorder recorder, long connectorIdleTimeoutMs) throws Exception {
            return switch (this) {
                case JETTY_EE11 -> JettyProbeServer.ee11(recorder, connectorIdleTimeoutMs);
                case JETTY_EE10 -> JettyProbeServer.ee10(recorder, connectorIdleTimeoutMs);
                case TOMCAT -> new TomcatProbeServer(recorder, connectorIdleTimeoutMs);
            };
        }

        public boolean isJetty() {
            return this != TOMCAT;
        }
    }

    public abstract int port();

    /** The idle timeouts of the connector's open EndPoints (Jetty only; empty elsewhere). */
    public List<Long> endPointIdleTimeouts() {
        return List.of();
    }

    /** The server-info string the web application sees. */
    public abstract String serverInfo();

    @Override
    public abstract void close() throws Exception;

    /** Answers 404 for anything the filter lets through (Tomcat runs filters only for a mapped servlet). */
    static final class NotFoundServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.sendError(404);
        }
    }

    static final class JettyProbeServer extends ProbeServer {
        private final Server server;
        private final ServerConnector connector;
        private final String serverInfo;

        private JettyProbeServer(Server server, ServerConnector connector, String serverInfo) {
            this.server = server;
            this.connector = connector;
            this.serverInfo = serverInfo;
        }

        private static ServerConnector connector(Server server, long idleTimeoutMs) {
            ServerConnector connector = new ServerConnector(server, 1, 1);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            connector.setIdleTimeout(idleTimeoutMs);
            server.addConnector(connector);
            return connector;
        }

        static ProbeServer ee11(ProbeRecorder recorder, long idleTimeoutMs) throws Exception {
            Server server = new Server();
            ServerConnector connector = connector(server, idleTimeoutMs);
            var context = new org.eclipse.jetty.ee11.servlet.ServletContextHandler("/");
            var filter = new org.eclipse.jetty.ee11.servlet.FilterHolder(new ProbeFilter(recorder));
            filter.setAsyncSupported(true);
            context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
            context.addServlet(new org.eclipse.jetty.ee11.servlet.ServletHolder(new NotFoundServlet()), "/");
            server.setHandler(context);
            server.start();
            return new JettyProbeServer(server, connector, context.getServletContext().getServerInfo());
        }

        static ProbeServer ee10(ProbeRecorder recorder, long idleTimeoutMs) throws Exception {
            Server server = new Server();
            ServerConnector connector = connector(server, idleTimeoutMs);
            var context = new org.eclipse.jetty.ee10.servlet.ServletContextHandler("/");
            var filter = new org.eclipse.jetty.ee10.servlet.FilterHolder(new ProbeFilter(recorder));
            filter.setAsyncSupported(true);
            context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
            context.addServlet(new org.eclipse.jetty.ee10.servlet.ServletHolder(new NotFoundServlet()), "/");
            server.setHandler(context);
            server.start();
            return new JettyProbeServer(server, connector, context.getServletContext().getServerInfo());
        }

        @Override
        public int port() {
            return connector.getLocalPort();
        }

        @Override
        public List<Long> endPointIdleTimeouts() {
            return connector.getConnectedEndPoints().stream().map(EndPoint::getIdleTimeout).toList();
        }

        @Override
        public String serverInfo() {
            return serverInfo;
        }

        @Override
        public void close() throws Exception {
            server.stop();
        }
    }

    static final class TomcatProbeServer extends ProbeServer {
        private final Tomcat tomcat;
        private final Context context;

        TomcatProbeServer(ProbeRecorder recorder, long idleTimeoutMs) throws IOException, LifecycleException {
            tomcat = new Tomcat();
            tomcat.setBaseDir(Files.createTempDirectory("wsgate-tomcat").toString());
            tomcat.setPort(0);
            tomcat.getConnector().setProperty("address", "127.0.0.1");
            tomcat.getConnector().setProperty("connectionTimeout", Long.toString(idleTimeoutMs));
            tomcat.getConnector().setProperty("keepAliveTimeout", Long.toString(idleTimeoutMs));
            context = tomcat.addContext("", null);
            FilterDef def = new FilterDef();
            def.setFilterName("probe");
            def.setFilter(new ProbeFilter(recorder));
            def.setAsyncSupported("true");
            context.addFilterDef(def);
            FilterMap map = new FilterMap();
            map.setFilterName("probe");
            map.addURLPattern("/*");
            map.setDispatcher(DispatcherType.REQUEST.name());
            context.addFilterMap(map);
            Tomcat.addServlet(context, "notFound", new NotFoundServlet());
            context.addServletMappingDecoded("/", "notFound");
            tomcat.start();
        }

        @Override
        public int port() {
            return tomcat.getConnector().getLocalPort();
        }

        @Override
        public String serverInfo() {
            return context.getServletContext().getServerInfo();
        }

        @Override
        public void close() throws Exception {
            tomcat.stop();
            tomcat.destroy();
        }
    }
}
