package io.wsgate.jakarta.session;

import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import jakarta.websocket.CloseReason;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The WebSocket sessions opened under one HttpSession, kept as an attribute of that HttpSession: when the
 * HttpSession is invalidated or expires, the container unbinds its attributes and this closes the WebSocket
 * sessions with 1008 (policy violation), as WebSocket 2.2 section 7.2 asks for an identity that is no longer valid.
 * Living inside the HttpSession, the link survives {@code changeSessionId()} and holds no reference to the
 * HttpSession that could outlive it. Serializable so session persistence does not complain; the WebSocket
 * sessions themselves are not carried across (a restored HttpSession has no open connections).
 */
public final class HttpSessionLink implements HttpSessionBindingListener, Serializable {

    public static final String ATTRIBUTE = HttpSessionLink.class.getName();

    @Serial
    private static final long serialVersionUID = 1L;

    private static final Object CREATE_LOCK = new Object();

    private transient Set<WsgateSession> sessions = ConcurrentHashMap.newKeySet();
    private transient volatile boolean ended;

    /** The link of {@code httpSession}, created on first use; null if the HttpSession is already invalid. */
    public static HttpSessionLink of(HttpSession httpSession) {
        try {
            synchronized (CREATE_LOCK) {
                Object existing = httpSession.getAttribute(ATTRIBUTE);
                if (existing instanceof HttpSessionLink link) return link;
                HttpSessionLink link = new HttpSessionLink();
                httpSession.setAttribute(ATTRIBUTE, link);
                return link;
            }
        } catch (IllegalStateException invalidated) {
            return null;
        }
    }

    void add(WsgateSession session) {
        sessions.add(session);
        if (ended) close(session);    // the HttpSession ended between the handshake and the open
    }

    void remove(WsgateSession session) {
        sessions.remove(session);
    }

    public int size() { return sessions.size(); }

    @Override
    public void valueUnbound(HttpSessionBindingEvent event) {
        ended = true;
        for (WsgateSession session : sessions) close(session);
    }

    private static void close(WsgateSession session) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "HTTP session ended"));
        } catch (IOException | RuntimeException e) {
            Log.LOG.log(System.Logger.Level.DEBUG, "closing WebSocket session " + session.getId() + " failed", e);
        }
    }

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        sessions = ConcurrentHashMap.newKeySet();
    }
}
