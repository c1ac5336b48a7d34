package io.wsgate.sample;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import java.io.IOException;

/** Sending to a WebSocket session without waiting: a slow or gone client must not hold up the others. */
final class Live {

    private static final System.Logger LOG = System.getLogger(Live.class.getName());

    private Live() {}

    static void send(Session session, String text) {
        if (!session.isOpen()) return;
        try {
            session.getAsyncRemote().sendText(text, result -> {
                if (!result.isOK()) {
                    LOG.log(System.Logger.Level.DEBUG, "send to " + session.getId() + " failed", result.getException());
                }
            });
        } catch (RuntimeException closing) {
            LOG.log(System.Logger.Level.DEBUG, "send to " + session.getId() + " refused", closing);
        }
    }

    /** Closes with 1008: used when a connection has no signed-in user. */
    static void refuse(Session session) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "not signed in"));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "close failed", e);
        }
    }
}
