package io.wsgate.jakarta.session;

import jakarta.websocket.DecodeException;
import jakarta.websocket.EncodeException;
import jakarta.websocket.Session;
import jakarta.websocket.SessionException;

/**
 * What an endpoint's onError receives for an error, as {@code Endpoint.onError}'s javadoc models them: runtime
 * errors of the application's code (and Errors) as they are, conversion errors as the DecodeException or
 * EncodeException they are, and everything else (connection problems: I/O failures, a protocol violation by the
 * peer; checked exceptions an annotated method threw) as a {@link SessionException} of the session, whose message
 * is the cause's. Tomcat and Jetty pass those as they are; code that reads the message or walks the causes sees the
 * same either way.
 */
public final class OnErrorCause {

    private OnErrorCause() {}

    public static Throwable of(Throwable error, Session session) {
        if (error instanceof RuntimeException || error instanceof Error || error instanceof DecodeException
                || error instanceof EncodeException || error instanceof SessionException) {
            return error;
        }
        return new SessionException(error.getMessage(), error, session);
    }
}
