package io.wsgate.servlet;

import io.wsgate.engine.WebSocketSession;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The open connections of one application, for shutdown (close them all, wait until they are gone) and counts. */
final class SessionRegistry {

    private final Set<WebSocketSession> open = ConcurrentHashMap.newKeySet();

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

    /** Waits until no connection is open or {@code timeout} passes; returns whether none is open. */
    boolean awaitEmpty(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (!open.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                // remove() notifies under this monitor, so no removal slips between isEmpty() and wait()
                wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }
}
