package io.wsgate.bench.server;

import io.wsgate.cluster.Hub;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;

/**
 * The cluster benchmark's endpoint (wsgate only: it uses {@link Hub}, which is single-node in memory unless
 * wsgate-redis installed a Redis hub from the context parameter {@code wsgate.redis.uri}).
 *
 * <p>A session opened on {@code /hub/<topic>} is subscribed to that topic. A text {@code broadcast:<payload>} is
 * published to the topic {@value #ALL}; {@code publish:<topic>:<payload>} to {@code <topic>}. Nothing is echoed.
 * Compiled only with the library (bench/pom.xml profile {@code cluster}) and deployed only when the server JVM has
 * {@code -Dbench.endpoint=hub}, so the other variants never load it.
 */
@ServerEndpoint("/hub/{topic}")
public class HubEndpoint {

    static final String ALL = "all";
    private static final String PUBLISH_PREFIX = "publish:";

    @OnOpen
    public void open(Session session, @PathParam("topic") String topic) {
        EchoEndpoint.OPEN_SESSIONS.incrementAndGet();
        Hub.of(session).subscribe(session, topic);
    }

    @OnMessage
    public void text(String message, Session session) {
        if (message.startsWith(EchoEndpoint.BROADCAST_PREFIX)) {
            Hub.of(session).publish(ALL, message.substring(EchoEndpoint.BROADCAST_PREFIX.length()));
        } else if (message.startsWith(PUBLISH_PREFIX)) {
            int colon = message.indexOf(':', PUBLISH_PREFIX.length());
            if (colon < 0) {
                throw new IllegalArgumentException("expected publish:<topic>:<payload>");
            }
            Hub.of(session).publish(message.substring(PUBLISH_PREFIX.length(), colon), message.substring(colon + 1));
        }
    }

    @OnClose
    public void close(Session session) {
        EchoEndpoint.OPEN_SESSIONS.decrementAndGet();
    }

    @OnError
    public void error(Session session, Throwable failure) {
        // As in EchoEndpoint: clients vanish without a close handshake when a run ends.
    }
}
