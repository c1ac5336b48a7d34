package io.wsgate.sample;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * An Apache Tomcat distribution (11, or 10.1) from Maven Central, unmodified in its CATALINA_HOME, started with
 * {@code bin/catalina.sh run} on a CATALINA_BASE under target/ whose conf/server.xml gets a free port. The WAR is
 * copied to webapps/app.war, so the application is at /app/.
 */
final class TomcatDistribution implements Deployment {

    private final ContainerProcess process;
    private final URI base;
    private final String name;

    private TomcatDistribution(ContainerProcess process, int port, boolean tls, String path, String name) {
        this.process = process;
        this.name = name;
        this.base = URI.create((tls ? "https" : "http") + "://localhost:" + port + path);
    }

    /**
     * How the base is set up beyond the default: the maximum heap, more copies of the WAR (each its own application
     * with its own class loader and its own wsgate: {@code app2} is served at /app2/), and the manager application
     * with a {@code manager-script} user for its text interface ({@link TomcatManager}), TLS with HTTP/2 on the
     * connector instead of plain HTTP/1.1 (the tests' certificate, {@link TestTls}), another page to probe for
     * another WAR, and for a cluster node the WAR at the root (ROOT.war), the Engine's {@code jvmRoute} (session ids
     * end with ".route") and system properties.
     */
    record Setup(String heap, List<String> moreApps, boolean manager, boolean tls, String probe, String jvmRoute,
                 String javaOpts) {
        static final Setup DEFAULT = new Setup("512m", List.of(), false, false, "static/live.js", null, "");

        Setup withHeap(String maxHeap) { return new Setup(maxHeap, moreApps, manager, tls, probe, jvmRoute, javaOpts); }

        Setup withApps(String... names) { return new Setup(heap, List.of(names), manager, tls, probe, jvmRoute, javaOpts); }

        Setup withManager() { return new Setup(heap, moreApps, true, tls, probe, jvmRoute, javaOpts); }

        Setup withTlsAndHttp2() { return new Setup(heap, moreApps, manager, true, probe, jvmRoute, javaOpts); }

        /** Another WAR than the sample: the page that answers 200 once it is deployed. */
        Setup withProbe(String path) { return new Setup(heap, moreApps, manager, tls, path, jvmRoute, javaOpts); }

        /** The WAR as ROOT.war, session ids routed to {@code route}, and {@code opts} on the JVM's command line. */
        Setup asClusterNode(String route, String opts) { return new Setup(heap, moreApps, manager, tls, probe, route, opts); }
    }

    static final String MANAGER_USER = "wsgate-test";
    static final String MANAGER_PASSWORD = "wsgate-test-" + Long.toHexString(System.nanoTime());

    static TomcatDistribution start(Path war) throws Exception {
        return start(war, Setup.DEFAULT);
    }

    static TomcatDistribution start(Path war, Setup setup) throws Exception {
        return start(war, setup, "tomcat.home");
    }

    /** The same with the distribution named by the system property {@code homeProperty} (tomcat10.home: Tomcat 10.1). */
    static TomcatDistribution start(Path war, Setup setup, String homeProperty) throws Exception {
        Path home = Path.of(System.getProperty(homeProperty, "target/dist/tomcat-missing")).toAbsolutePath();
        if (!Files.isRegularFile(home.resolve("bin/catalina.sh"))) {
            throw new IllegalStateException("no Tomcat distribution at " + home + ": run mvn verify (pre-integration-test unpacks it)");
        }
        Path base = Files.createDirectories(Path.of("target")).resolve("tomcat-base").toAbsolutePath();
        Files.createDirectories(base);
        Tree.delete(base);
        Tree.copy(home.resolve("conf"), base.resolve("conf"));
        for (String dir : List.of("logs", "temp", "webapps", "work")) Files.createDirectories(base.resolve(dir));

        int port = ContainerProcess.freePort();
        Path serverXml = base.resolve("conf/server.xml");
        String config = Files.readString(serverXml);
        String edited = config
                .replace("<Server port=\"8005\"", "<Server port=\"-1\"")    // no shutdown port: stopped by signal
                .replace("<Connector port=\"8080\"", "<Connector port=\"" + port + "\"");
        if (edited.equals(config) || !edited.contains("port=\"" + port + "\"")) {
            throw new IllegalStateException("conf/server.xml of this Tomcat has no <Connector port=\"8080\" to change");
        }
        if (setup.tls()) edited = withTlsAndHttp2(edited, port, TestTls.copyKeystore(base.resolve("conf/keystore.p12")));
        if (setup.jvmRoute() != null) {
            String routed = edited.replace("<Engine name=\"Catalina\" defaultHost=\"localhost\">",
                    "<Engine name=\"Catalina\" defaultHost=\"localhost\" jvmRoute=\"" + setup.jvmRoute() + "\">");
            if (routed.equals(edited)) throw new IllegalStateException("conf/server.xml of this Tomcat has no Engine to route");
            edited = routed;
        }
        Files.writeString(serverXml, edited);
        Files.copy(war, base.resolve(setup.jvmRoute() != null ? "webapps/ROOT.war" : "webapps/app.war"));
        for (String app : setup.moreApps()) Files.copy(war, base.resolve("webapps/" + app + ".war"));
        if (setup.manager()) {
            // The distribution's own manager application (its context.xml allows only local addresses).
            Tree.copy(home.resolve("webapps/manager"), base.resolve("webapps/manager"));
            Files.writeString(base.resolve("conf/tomcat-users.xml"), """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <tomcat-users xmlns="http://tomcat.apache.org/xml" version="1.0">
                      <role rolename="manager-script"/>
                      <user username="%s" password="%s" roles="manager-script"/>
                    </tomcat-users>
                    """.formatted(MANAGER_USER, MANAGER_PASSWORD));
        }

        ContainerProcess process = ContainerProcess.start("tomcat",
                List.of("sh", home.resolve("bin/catalina.sh").toString(), "run"), base,
                Map.of("CATALINA_HOME", home.toString(), "CATALINA_BASE", base.toString(),
                        "JAVA_HOME", ContainerProcess.javaHome(), "CATALINA_OPTS", "-Xmx" + setup.heap() + " " + setup.javaOpts()),
                base.resolve("logs/console.log"));
        try {
            process.awaitLine(Pattern.compile("Server startup in"), 120, TimeUnit.SECONDS);
            String version = home.getFileName().toString().replace("apache-tomcat-", "");
            TomcatDistribution tomcat = new TomcatDistribution(process, port, setup.tls(),
                    setup.jvmRoute() != null ? "/" : "/app/",
                    homeProperty.equals("tomcat.home") ? "Tomcat distribution" : "Tomcat " + version + " distribution");
            Deployments.requireDeployed(tomcat, process, setup.probe());
            for (String app : setup.moreApps()) Deployments.requireDeployed(tomcat.app(app), process, setup.probe());
            return tomcat;
        } catch (Throwable failed) {
            process.close();
            throw failed;
        }
    }

    /**
     * The HTTP connector made a TLS one with HTTP/2 (ALPN), as Tomcat's documentation configures it. Tomcat does not
     * offer extended CONNECT, so browsers use HTTP/2 for pages and HTTP/1.1 for WebSockets.
     */
    private static String withTlsAndHttp2(String serverXml, int port, Path keystore) {
        String connector = java.util.regex.Pattern.compile("<Connector port=\"" + port + "\"[^>]*/>")
                .matcher(serverXml).results().map(java.util.regex.MatchResult::group).findFirst()
                .orElseThrow(() -> new IllegalStateException("no self-closing <Connector port=\"" + port + "\"/> in server.xml"));
        return serverXml.replace(connector, """
                <Connector port="%d" protocol="org.apache.coyote.http11.Http11NioProtocol" SSLEnabled="true"
                           maxParameterCount="1000">
                  <UpgradeProtocol className="org.apache.coyote.http2.Http2Protocol"/>
                  <SSLHostConfig>
                    <Certificate certificateKeystoreFile="%s" certificateKeystorePassword="%s"
                                 certificateKeystoreType="PKCS12"/>
                  </SSLHostConfig>
                </Connector>""".formatted(port, keystore, TestTls.PASSWORD));
    }

    @Override
    public URI base() { return base; }

    @Override
    public String name() { return name; }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }

    @Override
    public String toString() { return name(); }

    String log() { return process.output(); }

    /** Every line Tomcat printed so far (catalina.sh run: the console log). */
    List<String> logLines() { return process.lines(); }

    long javaPid() { return process.javaPid(); }

    /** Another copy of the WAR, named in {@link Setup#moreApps()}, as a deployment of its own (closing it does nothing). */
    Deployment app(String app) {
        URI appBase = base.resolve("/" + app + "/");
        String appName = name() + " /" + app;
        return new Deployment() {
            @Override public URI base() { return appBase; }
            @Override public String name() { return appName; }
            @Override public void close() {}
        };
    }
}
