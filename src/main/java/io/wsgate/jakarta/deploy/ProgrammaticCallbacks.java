package io.wsgate.jakarta.deploy;

import io.wsgate.jakarta.session.EndpointCallbacks;
import io.wsgate.jakarta.session.Log;
import io.wsgate.jakarta.session.OnErrorCause;
import io.wsgate.jakarta.session.WsgateSession;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;

/** Lifecycle calls of a programmatic {@link Endpoint}. */
final class ProgrammaticCallbacks implements EndpointCallbacks {

    private final Endpoint endpoint;
    private final boolean handlesErrors;

    ProgrammaticCallbacks(Endpoint endpoint) {
        this.endpoint = endpoint;
        this.handlesErrors = overridesOnError(endpoint.getClass());
    }

    @Override
    public void onOpen(WsgateSession session, EndpointConfig config) {
        endpoint.onOpen(session, config);
    }

    @Override
    public void onClose(WsgateSession session, CloseReason closeReason) {
        endpoint.onClose(session, closeReason);
    }

    @Override
    public void onError(WsgateSession session, Throwable error) {
        if (!handlesErrors) {
            // The endpoint keeps Endpoint's empty onError: the error must still be available for analysis.
            Log.unhandled(endpoint.getClass(), session.getId(), error);
        }
        try {
            endpoint.onError(session, OnErrorCause.of(error, session));
        } catch (RuntimeException | Error e) {
            Log.LOG.log(System.Logger.Level.ERROR, "onError of WebSocket endpoint " + endpoint.getClass().getName()
                    + " failed while handling " + error, e);
        }
    }

    private static boolean overridesOnError(Class<?> type) {
        try {
            return type.getMethod("onError", Session.class, Throwable.class).getDeclaringClass() != Endpoint.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
