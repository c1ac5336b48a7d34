package io.wsgate.jakarta.session;

import jakarta.websocket.CloseReason;
import jakarta.websocket.EndpointConfig;

/**
 * The lifecycle of one endpoint instance, whether a programmatic {@code Endpoint} or an annotated class. Kept
 * as an interface of this layer (rather than an {@code Endpoint} subclass) so that no {@code Endpoint} subclass
 * lives in the library jar, which containers scan along with the application.
 */
public interface EndpointCallbacks {

    void onOpen(WsgateSession session, EndpointConfig config) throws Exception;

    void onClose(WsgateSession session, CloseReason closeReason) throws Exception;

    /** Tells the endpoint about an error; never throws (a failing error handler is logged). */
    void onError(WsgateSession session, Throwable error);
}
