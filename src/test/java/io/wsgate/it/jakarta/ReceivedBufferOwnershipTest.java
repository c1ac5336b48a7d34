package io.wsgate.it.jakarta;

import io.wsgate.it.ContainerKind;
import io.wsgate.it.ServerPerKind;
import io.wsgate.it.clients.Inbox;
import io.wsgate.it.clients.JdkClient;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Buffers handed to application code belong to it: a partial ByteBuffer handler that keeps what it was given
 * still sees its own bytes after other connections (and its own) have read more (issue 8, defect 3: it was a slice
 * of the application's pooled read buffer).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReceivedBufferOwnershipTest {

    /** Keeps every binary part it receives; a text message answers with how many bytes it kept and in how many
     * kept buffers they changed since they were delivered. */
    @ServerEndpoint("/keeper")
    public static final class Keeper {
        private final List<ByteBuffer> kept = new ArrayList<>();
        private final List<byte[]> copies = new ArrayList<>();

        @OnMessage
        public void part(ByteBuffer part, boolean last) {
            kept.add(part);
            byte[] copy = new byte[part.remaining()];
            part.duplicate().get(copy);
            copies.add(copy);
        }

        @OnMessage
        public void command(Session session, String command) throws IOException {
            int changed = 0;
            int bytes = 0;
            for (int i = 0; i < kept.size(); i++) {
                byte[] now = new byte[kept.get(i).remaining()];
                kept.get(i).duplicate().get(now);
                if (!Arrays.equals(now, copies.get(i))) changed++;
                bytes += now.length;
            }
            session.getBasicRemote().sendText("kept=" + bytes + " changed=" + changed);
        }
    }

    private final ServerPerKind servers = JakartaApp.servers(Keeper.class);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterAll
    void stop() throws Exception {
        servers.close();
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aKeptPartialBufferIsNotOverwrittenByLaterReads(ContainerKind kind) throws Exception {
        JdkClient.Connection a = JdkClient.connect(http, servers.get(kind).wsUri("/keeper"));
        JdkClient.Connection b = JdkClient.connect(http, servers.get(kind).wsUri("/keeper"));
        a.webSocket().sendBinary(filled('A', 1000), true).get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
        a.webSocket().sendText("check", true).get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals("kept=1000 changed=0", a.inbox().nextText());
        for (int i = 0; i < 20; i++) {
            b.webSocket().sendBinary(filled('B', 1000), true).get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
        }
        b.webSocket().sendText("check", true).get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals("kept=20000 changed=0", b.inbox().nextText());
        a.webSocket().sendText("check again, after B's messages went through the read buffers", true)
                .get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals("kept=1000 changed=0", a.inbox().nextText(), "A's buffer must not show later reads");
        for (JdkClient.Connection c : List.of(a, b)) {
            c.webSocket().sendClose(1000, "").get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
            c.inbox().awaitClose();
        }
    }

    private static ByteBuffer filled(char c, int size) {
        byte[] bytes = String.valueOf(c).repeat(size).getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.wrap(bytes);
    }
}
