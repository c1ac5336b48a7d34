package io.wsgate.sample;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The Jetty 12.1 distribution (jetty-home) from Maven Central, unmodified, with a jetty.base under target/ made
 * as its documentation says: {@code java -jar $JETTY_HOME/start.jar --add-modules=...}, the WAR copied to
 * webapps/app.war (so the application is at /app/), then {@code java -jar $JETTY_HOME/start.jar jetty.http.port=N}.
 * With annotations the WAR's initializers run (wsgate's among them) and JSP works (ee11-jsp needs annotations);
 * without, wsgate is set up by the listener declared in the WAR's web.xml and the two JSP pages are not served.
 */
final class JettyDistribution implements Deployment {

    private final ContainerProcess process;
    private final URI base;
    private final boolean annotations;

    private JettyDistribution(ContainerProcess process, int port, boolean annotations) {
        this(process, URI.create("http://localhost:" + port + "/app/"), annotations);
    }

    private JettyDistribution(ContainerProcess process, URI base, boolean annotations) {
        this.process = process;
        this.base = base;
        this.annotations = annotations;
    }

    static JettyDistribution start(Path war, boolean annotations) throws Exception {
        return start(war, annotations, "512m", annotations ? "jetty-base" : "jetty-base-no-annotations");
    }

    /** With {@code heap} as the JVM's maximum heap, in target/{@code baseName}. */
    static JettyDistribution start(Path war, boolean annotations, String heap, String baseName) throws Exception {
        String modules = annotations ? "http,ee11-deploy,ee11-annotations,ee11-jsp,ee11-websocket-jakarta" : "http,ee11-deploy";
        return start(war, modules, annotations, heap, baseName, "static/live.js");
    }

    /**
     * A base with exactly {@code modules}, in target/{@code baseName}; deployed once {@code probe} answers 200.
     * {@code annotations} only says whether the base runs initializers and JSP.
     */
    static JettyDistribution start(Path war, String modules, boolean annotations, String heap, String baseName,
                                   String probe) throws Exception {
        Path home = Path.of(System.getProperty("jetty.home", "target/dist/jetty-missing")).toAbsolutePath();
        if (!Files.isRegularFile(home.resolve("start.jar"))) {
            throw new IllegalStateException("no Jetty distribution at " + home + ": run mvn verify (pre-integration-test unpacks it)");
        }
        Path base = Path.of("target", baseName).toAbsolutePath();
        Files.createDirectories(base);
        Tree.delete(base);
        String java = Path.of(ContainerProcess.javaHome(), "bin", "java").toString();
        try (ContainerProcess setup = ContainerProcess.start("jetty-setup",
                List.of(java, "-jar", home.resolve("start.jar").toString(), "--add-modules=" + modules),
                base, Map.of(), base.resolve("setup.log"))) {
            setup.awaitExit(120, TimeUnit.SECONDS);
        }
        Files.createDirectories(base.resolve("webapps"));
        Files.copy(war, base.resolve("webapps/app.war"));

        int port = ContainerProcess.freePort();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap, "-jar", home.resolve("start.jar").toString(),
                "jetty.http.port=" + port));
        ContainerProcess process = ContainerProcess.start(annotations ? "jetty" : "jetty-no-annotations",
                command, base, Map.of(), base.resolve("console.log"));
        try {
            process.awaitLine(Pattern.compile("Started oejs\\.Server|Started Server"), 120, TimeUnit.SECONDS);
            JettyDistribution jetty = new JettyDistribution(process, port, annotations);
            Deployments.requireDeployed(jetty, process, probe);
            return jetty;
        } catch (Throwable failed) {
            process.close();
            throw failed;
        }
    }

    /**
     * The WAR (with annotations and JSP) in a base with {@code https} and {@code http2} and no plain http, as
     * production bases have it, in target/{@code baseName}, on https://localhost:N/app/ with the tests' certificate
     * ({@link TestTls}). Jetty's h2 connection factory then advertises extended CONNECT (RFC 8441), so Chromium opens
     * its WebSockets as HTTP/2 CONNECT streams, unless {@code extendedConnect} is false: then the base also gets
     * README's module {@code wsgate-no-h2-websocket}, which turns it off, and Chromium uses HTTP/1.1 for WebSockets.
     */
    static JettyDistribution startHttps(Path war, boolean extendedConnect, String baseName) throws Exception {
        Path home = Path.of(System.getProperty("jetty.home", "target/dist/jetty-missing")).toAbsolutePath();
        if (!Files.isRegularFile(home.resolve("start.jar"))) {
            throw new IllegalStateException("no Jetty distribution at " + home + ": run mvn verify (pre-integration-test unpacks it)");
        }
        Path base = Path.of("target", baseName).toAbsolutePath();
        Files.createDirectories(base);
        Tree.delete(base);
        TestTls.copyKeystore(base.resolve("etc/keystore.p12"));
        String modules = "https,http2,ee11-deploy,ee11-annotations,ee11-jsp,ee11-websocket-jakarta";
        if (!extendedConnect) {
            // README's copyable module, as a user would add it to their base.
            Files.createDirectories(base.resolve("modules"));
            Files.writeString(base.resolve("modules/wsgate-no-h2-websocket.mod"), NO_EXTENDED_CONNECT_MODULE);
            Files.writeString(base.resolve("etc/wsgate-no-h2-websocket.xml"), NO_EXTENDED_CONNECT_XML);
            modules += ",wsgate-no-h2-websocket";
        }
        String java = Path.of(ContainerProcess.javaHome(), "bin", "java").toString();
        try (ContainerProcess setup = ContainerProcess.start("jetty-setup",
                List.of(java, "-jar", home.resolve("start.jar").toString(), "--add-modules=" + modules),
                base, Map.of(), base.resolve("setup.log"))) {
            setup.awaitExit(120, TimeUnit.SECONDS);
        }
        Files.createDirectories(base.resolve("webapps"));
        Files.copy(war, base.resolve("webapps/app.war"));

        int port = ContainerProcess.freePort();
        List<String> command = List.of(java, "-Xmx512m", "-jar", home.resolve("start.jar").toString(),
                "jetty.ssl.port=" + port, "jetty.sslContext.keyStorePath=etc/keystore.p12",
                "jetty.sslContext.keyStorePassword=" + TestTls.PASSWORD, "jetty.sslContext.keyStoreType=PKCS12");
        ContainerProcess process = ContainerProcess.start("jetty-h2", command, base, Map.of(), base.resolve("console.log"));
        try {
            process.awaitLine(Pattern.compile("Started oejs\\.Server|Started Server"), 120, TimeUnit.SECONDS);
            JettyDistribution jetty = new JettyDistribution(process, URI.create("https://localhost:" + port + "/app/"), true);
            Deployments.requireDeployed(jetty, process);
            return jetty;
        } catch (Throwable failed) {
            process.close();
            throw failed;
        }
    }

    /** README's module that turns extended CONNECT off on the h2 connector (there is no start property for it). */
    static final String NO_EXTENDED_CONNECT_MODULE = """
            [description]
            Turns off extended CONNECT (RFC 8441) on the HTTP/2 connector, so that browsers open WebSockets over HTTP/1.1.

            [depend]
            http2

            [xml]
            etc/wsgate-no-h2-websocket.xml
            """;

    static final String NO_EXTENDED_CONNECT_XML = """
            <?xml version="1.0"?>
            <!DOCTYPE Configure PUBLIC "-//Jetty//Configure//EN" "https://jetty.org/configure_10_0.dtd">
            <Configure id="sslConnector" class="org.eclipse.jetty.server.ServerConnector">
              <Call name="getConnectionFactory">
                <Arg>h2</Arg>
                <Set name="connectProtocolEnabled">false</Set>
              </Call>
            </Configure>
            """;

    /** Everything Jetty printed so far. */
    String log() { return process.output(); }

    boolean hasJsp() { return annotations; }

    long javaPid() { return process.javaPid(); }

    /** Every line Jetty printed so far. */
    List<String> logLines() { return process.lines(); }

    @Override
    public URI base() { return base; }

    @Override
    public String name() { return annotations ? "Jetty distribution" : "Jetty distribution without annotations"; }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }

    @Override
    public String toString() { return name(); }
}
