package io.wsgate.it.jakarta;

import io.wsgate.it.ContainerKind;
import io.wsgate.it.ServerPerKind;
import io.wsgate.it.TestServer;
import io.wsgate.it.clients.Inbox;
import io.wsgate.it.clients.JdkClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpClient;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Session API as a client can observe it: open sessions, request data, idle timeout, buffer size, close. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionApiTest {

    private final ServerPerKind servers = JakartaApp.servers(SessionEndpoints.ALL);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterAll
    void stop() throws Exception {
        servers.close();
    }

    private JdkClient.Connection connect(ContainerKind kind, String path) throws Exception {
        return JdkClient.connect(http, servers.get(kind).wsUri(path));
    }

    private static void send(JdkClient.Connection c, String text) throws Exception {
        c.webSocket().sendText(text, true).get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static void bye(JdkClient.Connection c) throws Exception {
        c.webSocket().sendClose(1000, "").get(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(1000, c.inbox().awaitClose().code());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void getOpenSessionsCountsTheEndpointsOpenSessions(ContainerKind kind) throws Exception {
        JdkClient.Connection first = connect(kind, "/counted");
        assertEquals("ready", first.inbox().nextText());
        JdkClient.Connection second = connect(kind, "/counted");
        assertEquals("ready", second.inbox().nextText());
        // a session of another endpoint is not among them
        JdkClient.Connection other = connect(kind, "/commands/x");
        send(other, "describe");
        other.inbox().nextText();
        send(first, "count");
        assertEquals("open=2", first.inbox().nextText());
        bye(second);
        send(first, "count");
        assertEquals("open=1", first.inbox().nextText());
        bye(first);
        bye(other);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void userPropertiesPathParametersAndRequestData(ContainerKind kind) throws Exception {
        TestServer server = servers.get(kind);
        JdkClient.Connection c = JdkClient.connect(http, server.wsUri("/commands/n%20m?a=1&a=2&b=%C3%BC"));
        send(c, "describe");
        assertEquals("props={opened=yes} path={name=n m} uri=" + server.wsUri("/commands/n%20m?a=1&a=2&b=%C3%BC")
                + " query=a=1&a=2&b=%C3%BC params={a=[1, 2], b=[ü], name=[n m]} id=true open=true", c.inbox().nextText());
        bye(c);
    }

    /**
     * As on Tomcat, the handshake's (and the session's) parameter map holds the query parameters and the
     * URI-template variables, a variable's value replacing a query parameter of the same name; the path
     * parameters keep the template's order.
     */
    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void parameterMapsHoldThePathParametersAndPathParametersKeepTheTemplatesOrder(ContainerKind kind) throws Exception {
        JdkClient.Connection c = connect(kind, "/order/1/lobby/alice/2/3?room=fromQuery&q=x");
        String all = "{a=[2], m=[3], q=[x], room=[lobby], user=[alice], z=[1]}";
        assertEquals("handshake=" + all + " path={z=1, room=lobby, user=alice, a=2, m=3} session=" + all,
                c.inbox().nextText());
        bye(c);
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void anIdleTimeoutClosesTheConnection(ContainerKind kind) throws Exception {
        JdkClient.Connection c = connect(kind, "/commands/idle");
        send(c, "idle:300");
        assertEquals("idle=300", c.inbox().nextText());
        // the client sends nothing more; the server closes (going away)
        Inbox.Close close = c.inbox().awaitClose();
        assertEquals(1001, close.code(), close.toString());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void theTextBufferSizeIsTheLimitOfAWholeTextMessage(ContainerKind kind) throws Exception {
        JdkClient.Connection c = connect(kind, "/commands/buffer");
        send(c, "buffer:20");
        assertEquals("buffer=20", c.inbox().nextText());
        send(c, "x".repeat(15));
        assertEquals("echo:" + "x".repeat(15), c.inbox().nextText());
        c.webSocket().sendText("y".repeat(21), true);
        assertEquals(1009, c.inbox().awaitClose().code());
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void closeWithAReasonReachesTheClientAndTheSessionIsNoLongerOpen(ContainerKind kind) throws Exception {
        SessionEndpoints.OPEN_AFTER_CLOSE.clear();
        JdkClient.Connection c = connect(kind, "/commands/close");
        send(c, "close:4000:done here");
        Inbox.Close close = c.inbox().awaitClose();
        assertEquals(4000, close.code());
        assertEquals("done here", close.reason());
        Boolean openAfterClose = SessionEndpoints.OPEN_AFTER_CLOSE.poll(Inbox.WAIT_SECONDS, TimeUnit.SECONDS);
        assertTrue(openAfterClose != null, "the endpoint did not report");
        assertFalse(openAfterClose, "isOpen() after close()");
    }
}
