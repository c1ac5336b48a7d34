package io.wsgate.cluster;

/**
 * Hears presence changes of every topic. Called on the thread that caused the change (a subscribing or closing
 * session, or one of the broker's threads): it must not block; publishing from it is fine.
 */
@FunctionalInterface
public interface PresenceListener {
    void changed(PresenceEvent event);
}
