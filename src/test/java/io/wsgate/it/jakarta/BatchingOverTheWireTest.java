package io.wsgate.it.jakarta;

import io.wsgate.it.ContainerKind;
import io.wsgate.it.ServerPerKind;
import io.wsgate.it.clients.Inbox;
import io.wsgate.it.clients.JdkClient;
import jakarta.websocket.OnMessage;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpClient;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * RemoteEndpoint batching over the wire (issue 9): with batching allowed, async sends are held (their handlers
 * not called) until flushBatch(), which returns once they are written; a Basic send returns once batched;
 * turning batching off writes what is held; the client receives everything in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchingOverTheWireTest {

    private final ServerPerKind servers = JakartaApp.servers(Batched.class);

    @AfterAll
    void stop() throws Exception {
        servers.close();
    }

    @ServerEndpoint("/batched")
    public static final class Batched {
        @OnMessage
        public void message(Session session, String text) throws Exception {
            if (text.equals("future")) {
                // Future.get() on a batched send flushes the batch rather than wait for a flush only it could make.
                session.getAsyncRemote().setBatchingAllowed(true);
                java.util.concurrent.Future<Void> sent = session.getAsyncRemote().sendText("batched");
                sent.get(10, TimeUnit.SECONDS);
                session.getAsyncRemote().setBatchingAllowed(false);
                session.getBasicRemote().sendText("future done=" + sent.isDone());
                return;
            }
            int count = Integer.parseInt(text);
            RemoteEndpoint.Async async = session.getAsyncRemote();
            async.setBatchingAllowed(true);
            boolean allowed = session.getBasicRemote().getBatchingAllowed();
            AtomicInteger handled = new AtomicInteger();
            for (int i = 0; i < count; i++) async.sendText("m" + i, r -> { if (r.isOK()) handled.incrementAndGet(); });
            int beforeFlush = handled.get();
            async.flushBatch();
            int afterFlush = handled.get();
            session.getBasicRemote().sendText("held"); // returns once batched
            async.setBatchingAllowed(false); // writes "held", and waits until written
            session.getBasicRemote().sendText("allowed=" + allowed + " beforeFlush=" + beforeFlush
                    + " afterFlush=" + afterFlush + " now=" + async.getBatchingAllowed());
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void sendsAreHeldUntilTheBatchIsFlushedAndArriveInOrder(ContainerKind kind) throws Exception {
        JdkClient.Connection c = JdkClient.connect(HttpClient.newHttpClient(), servers.get(kind).wsUri("/batched"));
        c.webSocket().sendText("50", true).get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
        for (int i = 0; i < 50; i++) assertEquals("m" + i, c.inbox().nextText());
        assertEquals("held", c.inbox().nextText());
        assertEquals("allowed=true beforeFlush=0 afterFlush=50 now=false", c.inbox().nextText());
        c.webSocket().sendClose(1000, "").get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(1000, c.inbox().awaitClose().code());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void futureGetOnABatchedSendFlushesTheBatch(ContainerKind kind) throws Exception {
        JdkClient.Connection c = JdkClient.connect(HttpClient.newHttpClient(), servers.get(kind).wsUri("/batched"));
        c.webSocket().sendText("future", true).get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals("batched", c.inbox().nextText());
        assertEquals("future done=true", c.inbox().nextText());
        c.webSocket().sendClose(1000, "").get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(1000, c.inbox().awaitClose().code());
    }
}
