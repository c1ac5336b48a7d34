package io.wsgate.servlet;

import io.wsgate.engine.WebSocketSession;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connections of one application, for shutdown (close them all, wait until they are gone) and counts: the
 * sessions open now, and every connection the container has not yet destroyed. Shutdown waits for both: the
 * container runs a connection's last steps (closing the stream, {@code HttpUpgradeHandler.destroy}) on its own
 * threads with the application's class loader bound, and Tomcat reports any such thread it sees while the
 * application stops as a thread the application "has failed to stop".
 */
final class SessionRegistry {

    private final Set<WebSocketSession> open = ConcurrentHashMap.newKeySet();
    private final Set<Object> live = ConcurrentHashMap.newKeySet();

    /** A connection upgraded; the container will destroy it. */
    void attached(Object connection) {
        live.add(connection);
    }

    /** The container destroyed it (or it never started). */
    void destroyed(Object connection) {
        if (live.remove(connection)) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    void add(WebSocketSession session) {
        open.add(session);
    }

    void remove(WebSocketSession session) {
        if (open.remove(session)) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    int size() {
        return open.size();
    }

    List<WebSocketSession> snapshot() {
        return List.copyOf(open);
    }

    /** Connections upgraded and not yet destroyed by the container. */
    int live() {
        return live.size();
    }

    /**
     * Waits until no session is open and the container has destroyed every connection, or {@code timeout} passes;
     * returns whether all are gone.
     */
    boolean awaitEmpty(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (!open.isEmpty() || !live.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                // remove() notifies under this monitor, so no removal slips between isEmpty() and wait()
                wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }
}
