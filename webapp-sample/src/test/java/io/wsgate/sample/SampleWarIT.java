package io.wsgate.sample;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged WAR deployed as is, with wsgate only in its WEB-INF/lib and web.xml: the page is served and the
 * echo endpoint answers, on Jetty (the launcher's setup) and on Tomcat.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleWarIT {

    private static final int WAIT_SECONDS = 60;

    enum Container { JETTY_EE11, TOMCAT }

    private final Path war = Path.of(System.getProperty("sample.war", "target/wsgate-webapp-sample.war"));
    private final Map<Container, Deployment> deployments = new EnumMap<>(Container.class);
    private final HttpClient http = HttpClient.newHttpClient();

    /** A started container serving the WAR at the root context. */
    private interface Deployment extends AutoCloseable {
        int port();
    }

    private synchronized Deployment deployment(Container container) throws Exception {
        Deployment deployment = deployments.get(container);
        if (deployment == null) {
            deployment = container == Container.JETTY_EE11 ? jetty() : tomcat();
            deployments.put(container, deployment);
        }
        return deployment;
    }

    private Deployment jetty() throws Exception {
        SampleServer server = SampleServer.start(war, "127.0.0.1", 0);
        return new Deployment() {
            public int port() { return server.port(); }
            public void close() throws Exception { server.close(); }
        };
    }

    private Deployment tomcat() throws Exception {
        Path baseDir = Files.createTempDirectory("wsgate-sample-tomcat");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.getHost().setAppBase(Files.createDirectories(baseDir.resolve("webapps")).toString());
        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        Context context = tomcat.addWebapp("", war.toAbsolutePath().toString());
        tomcat.start();
        if (context.getState() != LifecycleState.STARTED) {
            tomcat.stop();
            tomcat.destroy();
            throw new IllegalStateException("the WAR did not deploy on Tomcat: " + context.getState());
        }
        return new Deployment() {
            public int port() { return connector.getLocalPort(); }
            public void close() throws Exception { tomcat.stop(); tomcat.destroy(); }
        };
    }

    @AfterAll
    void undeploy() throws Exception {
        for (Deployment deployment : deployments.values()) deployment.close();
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void pageIsServed(Container container) throws Exception {
        int port = deployment(container).port();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("new WebSocket("), "the page connects with the browser's WebSocket");
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void echoEndpointAnswers(Container container) throws Exception {
        int port = deployment(container).port();
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        WebSocket socket = http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/echo"), new Collector(received))
                .get(WAIT_SECONDS, TimeUnit.SECONDS);
        socket.sendText("Hello, wsgate! \uD83D\uDC4B", true).get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals("Hello, wsgate! \uD83D\uDC4B", received.poll(WAIT_SECONDS, TimeUnit.SECONDS));

        byte[] data = new byte[1 << 20];
        new java.util.Random(1).nextBytes(data);
        socket.sendBinary(ByteBuffer.wrap(data), true).get(WAIT_SECONDS, TimeUnit.SECONDS);
        Object echoed = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(echoed, "no binary echo");
        assertArrayEquals(data, (byte[]) echoed);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Whole messages into a queue: text as String, binary as byte[]. */
    private static final class Collector implements WebSocket.Listener {
        private final BlockingQueue<Object> received;
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        Collector(BlockingQueue<Object> received) {
            this.received = received;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                received.add(text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                received.add(binary.toByteArray());
                binary.reset();
            }
            webSocket.request(1);
            return null;
        }
    }
}
