package io.wsgate.it.client;

import io.wsgate.it.ContainerKind;
import io.wsgate.it.ContextExtras;
import io.wsgate.it.TestServer;
import io.wsgate.it.app.TestApp;
import io.wsgate.it.clients.JdkClient;
import io.wsgate.jakarta.WsgateInitializer;
import io.wsgate.jakarta.client.WsgateClientContainer;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A rough measurement, run only when asked ({@code -Dwsgate.measure=true}): sequential 64-byte text round trips and
 * 1 MiB binary echoes through wsgate's client and through the JDK's {@code java.net.http.WebSocket}, against the same
 * wsgate echo on embedded Tomcat. Prints the figures; asserts only that every echo is right.
 */
@EnabledIfSystemProperty(named = "wsgate.measure", matches = "true")
class ClientThroughputMeasurement {

    private static final int SMALL = 20_000;
    private static final int LARGE = 200;

    @Test
    void measure() throws Exception {
        try (TestServer server = TestServer.start(ContainerKind.TOMCAT,
                ContextExtras.none().initializer(new WsgateInitializer(), UpstreamEndpoints.ALL), TestApp::addPlainServlet)) {
            URI echo = server.wsUri("/echo");
            byte[] mib = new byte[1024 * 1024];
            new java.util.Random(1).nextBytes(mib);
            for (int round = 0; round < 3; round++) {
                WsgateClientContainer c = new WsgateClientContainer();
                c.setDefaultMaxBinaryMessageBufferSize(2 * 1024 * 1024);
                ClientInbox inbox = new ClientInbox();
                Session s = c.connectToServer(inbox, ClientEndpointConfig.Builder.create().build(), echo);
                String text = "x".repeat(64);
                long t0 = System.nanoTime();
                for (int i = 0; i < SMALL; i++) {
                    s.getBasicRemote().sendText(text);
                    assertEquals(text, inbox.nextText());
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < LARGE; i++) {
                    s.getBasicRemote().sendBinary(ByteBuffer.wrap(mib));
                    assertArrayEquals(mib, (byte[]) inbox.next());
                }
                long t2 = System.nanoTime();
                s.close();
                inbox.awaitClose();

                JdkClient.Connection j = JdkClient.connect(HttpClient.newHttpClient(), echo);
                long u0 = System.nanoTime();
                for (int i = 0; i < SMALL; i++) {
                    j.webSocket().sendText(text, true).get(30, TimeUnit.SECONDS);
                    assertEquals(text, j.inbox().nextText());
                }
                long u1 = System.nanoTime();
                for (int i = 0; i < LARGE; i++) {
                    j.webSocket().sendBinary(ByteBuffer.wrap(mib), true).get(30, TimeUnit.SECONDS);
                    assertArrayEquals(mib, j.inbox().nextBinary());
                }
                long u2 = System.nanoTime();
                j.webSocket().sendClose(1000, "").get(30, TimeUnit.SECONDS);

                System.out.printf("[measure] round %d: 64 B round trips/s wsgate %.0f jdk %.0f; 1 MiB echo MB/s wsgate %.0f jdk %.0f%n",
                        round, SMALL / secs(t0, t1), SMALL / secs(u0, u1),
                        LARGE * 2 * 1.048576 / secs(t1, t2), LARGE * 2 * 1.048576 / secs(u1, u2));
            }
        }
    }

    private static double secs(long from, long to) {
        return (to - from) / 1e9;
    }
}
