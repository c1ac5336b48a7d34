package io.wsgate.it.jakarta;

import io.wsgate.it.ContainerKind;
import io.wsgate.it.ServerPerKind;
import io.wsgate.it.clients.JdkClient;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Decoder;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An endpoint whose decoder cannot be initialised is never opened, so it hears nothing, not even onClose; the
 * client gets 1011 (issue 8, defect 6: it used to see onError and onClose without onOpen).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndpointInitFailureTest {

    public static final class BrokenDecoder implements Decoder.Text<StringBuilder> {
        @Override public void init(EndpointConfig config) { throw new IllegalStateException("dictionary missing"); }
        @Override public StringBuilder decode(String s) { return new StringBuilder(s); }
        @Override public boolean willDecode(String s) { return true; }
    }

    @ServerEndpoint(value = "/undecodable", decoders = BrokenDecoder.class)
    public static final class Undecodable {
        static final List<String> EVENTS = new CopyOnWriteArrayList<>();

        @OnOpen public void open(Session session) { EVENTS.add("open"); }
        @OnMessage public void message(StringBuilder message) { EVENTS.add("message"); }
        @OnError public void error(Throwable error) { EVENTS.add("error:" + error.getMessage()); }
        @OnClose public void close(CloseReason reason) { EVENTS.add("close"); }
    }

    private final ServerPerKind servers = JakartaApp.servers(Undecodable.class);

    @AfterAll
    void stop() throws Exception {
        servers.close();
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void theClientGets1011AndTheEndpointNothing(ContainerKind kind) throws Exception {
        Undecodable.EVENTS.clear();
        JdkClient.Connection c = JdkClient.connect(HttpClient.newHttpClient(), servers.get(kind).wsUri("/undecodable"));
        assertEquals(1011, c.inbox().awaitClose().code());
        assertEquals(List.of(), Undecodable.EVENTS);
    }
}
