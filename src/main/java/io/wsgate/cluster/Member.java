package io.wsgate.cluster;

import io.wsgate.engine.SendCallback;
import io.wsgate.engine.WebSocketSession;
import jakarta.websocket.Session;

import java.nio.ByteBuffer;

/**
 * One local session as the {@link Hub} sees it: a user name (may be null: anonymous) and asynchronous sends.
 * {@link Hub#register(Session)} makes one for a Jakarta session; engine-API listeners use {@link #of(WebSocketSession,
 * String)} and {@link Hub#unregister(Member)} from their {@code onClose}.
 */
public interface Member {

    /** The user's name for {@link Hub#sendToUser} and presence; null for an anonymous session. */
    String user();

    /** Queues a text message; never blocks; {@code done} hears whether the session took it. */
    void sendText(String text, SendCallback done);

    /** Queues a binary message: a read-only buffer of its own, over bytes shared with the other members; never blocks. */
    void sendBinary(ByteBuffer data, SendCallback done);

    boolean isOpen();

    /** Runs {@code action} once when the session ends (or now if it has); a no-op where the session cannot tell. */
    default void whenEnded(Runnable action) {}

    /** A member for an engine-API session; the listener calls {@link Hub#unregister(Member)} from its onClose. */
    static Member of(WebSocketSession session, String user) {
        return new EngineMember(session, user);
    }

    /** A member for a Jakarta session, named {@code user} (null: the session's principal, if any). */
    static Member of(Session session, String user) {
        return new JakartaMember(session, user != null ? user
                : session.getUserPrincipal() != null ? session.getUserPrincipal().getName() : null);
    }
}
