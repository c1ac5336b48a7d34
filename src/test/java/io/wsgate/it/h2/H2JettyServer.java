package io.wsgate.it.h2;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.net.URI;
import java.util.function.Consumer;

/**
 * Embedded Jetty 12.1 over TLS with HTTP/2 and HTTP/1.1 (ALPN), as a production "https + http2" base has it: the
 * HTTP/2 connection factory advertises extended CONNECT (RFC 8441) by default. One web application at
 * {@link #CONTEXT_PATH}, configured by a {@code Consumer<ServletContext>} from a listener, on ee11 or ee10.
 */
public final class H2JettyServer implements AutoCloseable {

    public static final String CONTEXT_PATH = "/app";
    static final String KEYSTORE = "/io/wsgate/it/h2/keystore.p12";
    static final String KEYSTORE_PASSWORD = "changeit";

    /** The servlet environments the HTTP/2 tests run on. */
    public enum Kind { JETTY_EE11, JETTY_EE10 }

    private final Server server;
    private final ServerConnector connector;

    private H2JettyServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /** Stops the web application alone (an undeploy); the server and its connector keep running. */
    public void stopApplication() throws Exception {
        ((org.eclipse.jetty.util.component.LifeCycle) server.getHandler()).stop();
    }

    public static H2JettyServer start(Kind kind, Consumer<ServletContext> setup) throws Exception {
        return start(kind, 30_000, setup);
    }

    /** With the connector's idle timeout (which Jetty also gives each HTTP/2 stream, tunnels included). */
    public static H2JettyServer start(Kind kind, long idleTimeoutMillis, Consumer<ServletContext> setup) throws Exception {
        return start(kind, idleTimeoutMillis, null, setup);
    }

    /**
     * With a ServletContainerInitializer run as a deployed application's would be (wsgate's WsgateInitializer with
     * the endpoint classes a {@code @HandlesTypes} scan finds), before {@code setup}.
     */
    public static H2JettyServer start(Kind kind, long idleTimeoutMillis, Initializer initializer,
                                      Consumer<ServletContext> setup) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("jetty-h2-" + kind.name().toLowerCase(java.util.Locale.ROOT));
        Server server = new Server(threads);

        HttpConfiguration http = new HttpConfiguration();
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false); // the certificate names localhost; tests connect to 127.0.0.1
        http.addCustomizer(secure);
        HttpConnectionFactory http11 = new HttpConnectionFactory(http);
        HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(http);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
        alpn.setDefaultProtocol(http11.getProtocol());
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(H2JettyServer.class.getResource(KEYSTORE).toExternalForm());
        tls.setKeyStorePassword(KEYSTORE_PASSWORD);
        tls.setKeyStoreType("PKCS12");
        SslConnectionFactory ssl = new SslConnectionFactory(tls, alpn.getProtocol());

        ServerConnector connector = new ServerConnector(server, ssl, alpn, h2, http11);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setIdleTimeout(idleTimeoutMillis);
        server.addConnector(connector);
        server.setHandler(context(kind, initializer, setup));
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
        return new H2JettyServer(server, connector);
    }

    /** An initializer and the classes it is handed. */
    public record Initializer(jakarta.servlet.ServletContainerInitializer initializer, Class<?>... classes) {}

    private static Handler context(Kind kind, Initializer initializer, Consumer<ServletContext> setup) {
        ServletContextListener listener = new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent event) {
                setup.accept(event.getServletContext());
            }
        };
        return switch (kind) {
            case JETTY_EE11 -> {
                var context = new org.eclipse.jetty.ee11.servlet.ServletContextHandler(CONTEXT_PATH,
                        org.eclipse.jetty.ee11.servlet.ServletContextHandler.SESSIONS);
                if (initializer != null) context.addServletContainerInitializer(initializer.initializer(), initializer.classes());
                context.addEventListener(listener);
                yield context;
            }
            case JETTY_EE10 -> {
                var context = new org.eclipse.jetty.ee10.servlet.ServletContextHandler(CONTEXT_PATH,
                        org.eclipse.jetty.ee10.servlet.ServletContextHandler.SESSIONS);
                if (initializer != null) context.addServletContainerInitializer(initializer.initializer(), initializer.classes());
                context.addEventListener(listener);
                yield context;
            }
        };
    }

    /** Jetty's own name and version, e.g. "jetty/12.1.14". */
    public String serverInfo() {
        return "jetty/" + Server.getVersion();
    }

    public int port() {
        return connector.getLocalPort();
    }

    public String authority() {
        return "127.0.0.1:" + port();
    }

    /** The Origin of a page served by this server. */
    public String origin() {
        return "https://" + authority();
    }

    public URI wssUri(String path) {
        return URI.create("wss://" + authority() + CONTEXT_PATH + path);
    }

    public URI httpsUri(String path) {
        return URI.create("https://" + authority() + CONTEXT_PATH + path);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
