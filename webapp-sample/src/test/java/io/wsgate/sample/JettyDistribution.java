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
        this.process = process;
        this.base = URI.create("http://localhost:" + port + "/app/");
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
