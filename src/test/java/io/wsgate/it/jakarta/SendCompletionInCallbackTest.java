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
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A send made inside an endpoint callback to a client that reads is written on the callback's own thread: it has
 * completed when the send returns, so RemoteEndpoint.Basic reports it sent only once it is (issue 8, defect 4).
 * Only a send the output cannot take at once (the client does not read) returns while still queued: the container
 * delivers no write event to a connection whose thread is inside the callback. On Tomcat, sends from onOpen too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SendCompletionInCallbackTest {

    @ServerEndpoint("/completion")
    public static final class Completion {
        @jakarta.websocket.OnOpen
        public void open(Session session) throws IOException {
            Future<Void> async = session.getAsyncRemote().sendText("opened");
            boolean asyncDone = async.isDone();
            session.getBasicRemote().sendText("async done in onOpen: " + asyncDone);
        }

        @OnMessage
        public void message(Session session, String text) throws IOException {
            Future<Void> async = session.getAsyncRemote().sendText("async " + text);
            boolean asyncDone = async.isDone();
            session.getBasicRemote().sendText("basic " + text);
            session.getBasicRemote().sendText("async done when sendText returned: " + asyncDone);
        }
    }

    private final ServerPerKind servers = JakartaApp.servers(Completion.class);

    @AfterAll
    void stop() throws Exception {
        servers.close();
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aSendToAReadingClientHasCompletedWhenItReturns(ContainerKind kind) throws Exception {
        JdkClient.Connection c = JdkClient.connect(HttpClient.newHttpClient(), servers.get(kind).wsUri("/completion"));
        assertEquals("opened", c.inbox().nextText());
        String inOnOpen = c.inbox().nextText();
        // Tomcat: wsgate starts writing at the container's first onWritePossible, after onOpen returned, so a
        // send from onOpen is still queued when it returns (the one case left where Basic returns before the write).
        if (!kind.isTomcat()) assertEquals("async done in onOpen: true", inOnOpen);
        c.webSocket().sendText("one", true).get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals("async one", c.inbox().nextText());
        assertEquals("basic one", c.inbox().nextText());
        assertEquals("async done when sendText returned: true", c.inbox().nextText());
        c.webSocket().sendClose(1000, "").get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(1000, c.inbox().awaitClose().code());
    }
}
