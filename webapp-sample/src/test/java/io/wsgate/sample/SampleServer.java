package io.wsgate.sample;

import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.session.DefaultSessionIdManager;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Serves the packaged sample WAR on embedded Jetty 12.1 (ee11), as a container would deploy it: wsgate comes from
 * the WAR's WEB-INF/lib and is set up by its web.xml. Run with {@code mvn package exec:java} in this directory.
 */
public final class SampleServer implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;

    private SampleServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /** Starts {@code war} at the root context on {@code port} (0 for any free port) of {@code host} (null for all). */
    public static SampleServer start(Path war, String host, int port) throws Exception {
        if (!Files.isRegularFile(war)) {
            throw new IllegalStateException("no WAR at " + war.toAbsolutePath() + ": run mvn package first");
        }
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        String node = System.getProperty("sample.node");
        if (node != null) {
            // session ids end with ".<node>", which a load balancer routes on (see cluster/run)
            DefaultSessionIdManager ids = new DefaultSessionIdManager(server);
            ids.setWorkerName(node);
            server.addBean(ids, true);
        }

        WebAppContext webApp = new WebAppContext();
        webApp.setContextPath("/");
        webApp.setWar(war.toAbsolutePath().toString());
        // A deployment failure (say, a missing filter class) must stop the launcher, not leave a server answering 503.
        webApp.setThrowUnavailableOnStartupException(true);
        server.setHandler(webApp);
        server.setStopAtShutdown(true);
        server.start();
        return new SampleServer(server, connector);
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** The system property naming the address to listen on; 0.0.0.0 for every interface. */
    static final String HOST_PROPERTY = "jetty.http.host";

    /**
     * The address the launcher listens on: 127.0.0.1 unless {@code -Djetty.http.host} says otherwise, since the sample
     * has demo users with known passwords and should not be reachable from the network by accident.
     */
    static String host() {
        String host = System.getProperty(HOST_PROPERTY, "").trim();
        return host.isEmpty() ? "127.0.0.1" : host;
    }

    /** The host the connector was configured with, e.g. "127.0.0.1". */
    String listeningHost() {
        return connector.getHost();
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.getInteger("jetty.http.port", 8080);
        Path war = Path.of(System.getProperty("sample.war", "target/wsgate-webapp-sample.war"));
        String host = host();
        SampleServer sample = start(war, host, port);
        String shown = host.equals("127.0.0.1") ? "localhost" : host;
        System.out.println("wsgate sample: http://" + shown + ":" + sample.port() + "/  (listening on " + host
                + "; -D" + HOST_PROPERTY + "=0.0.0.0 for every interface; Ctrl+C to stop)");
        sample.server.join();
    }
}
