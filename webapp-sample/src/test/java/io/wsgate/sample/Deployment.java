package io.wsgate.sample;

import java.net.URI;

/** The sample WAR running in some container, reachable at {@link #base()}. Closing stops the container. */
interface Deployment extends AutoCloseable {

    /** The application's root, ending in '/': http://localhost:PORT/ or http://localhost:PORT/app/. */
    URI base();

    /** ws://host:port + the application's context path + {@code path}. */
    default URI ws(String path) {
        return URI.create("ws" + base().toString().substring("http".length()) + path.substring(1));
    }

    /** A label for test names and messages. */
    String name();
}
