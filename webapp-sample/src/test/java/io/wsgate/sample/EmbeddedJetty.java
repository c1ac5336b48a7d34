package io.wsgate.sample;

import java.net.URI;
import java.nio.file.Path;

/** The launcher ({@link SampleServer}, what {@code mvn exec:java} runs) in this JVM, the WAR at the root. */
final class EmbeddedJetty implements Deployment {

    private final SampleServer server;

    private EmbeddedJetty(SampleServer server) {
        this.server = server;
    }

    static EmbeddedJetty start(Path war) throws Exception {
        // where the launcher listens by default
        return new EmbeddedJetty(SampleServer.start(war, SampleServer.host(), 0));
    }

    @Override
    public URI base() { return URI.create("http://localhost:" + server.port() + "/"); }

    String listeningHost() { return server.listeningHost(); }

    @Override
    public String name() { return "embedded Jetty launcher"; }

    @Override
    public void close() throws Exception {
        server.close();
    }

    @Override
    public String toString() { return name(); }
}
