package io.wsgate.jakarta.deploy;

import io.wsgate.jakarta.session.WsgateSession;
import jakarta.websocket.EncodeException;
import jakarta.websocket.MessageHandler;

import java.io.IOException;
import java.util.Map;

/**
 * An {@code @OnMessage} method as a session message handler, so annotated and programmatic endpoints share one
 * delivery path. A value the method returns is sent back to the peer (encoded as for {@code sendObject}).
 * The message types of these handlers are given at registration, not read from generics.
 */
abstract class AnnotatedMessageHandler {

    final AnnotatedMethod method;
    final Object instance;
    final WsgateSession session;
    final Map<String, String> pathParameters;

    AnnotatedMessageHandler(AnnotatedMethod method, Object instance, WsgateSession session,
                            Map<String, String> pathParameters) {
        this.method = method;
        this.instance = instance;
        this.session = session;
        this.pathParameters = pathParameters;
    }

    void call(Object message, boolean last) throws Exception {
        Object result = method.invoke(instance,
                new AnnotatedMethod.Call(session, null, null, null, message, last, pathParameters));
        if (result != null && method.returnType() != void.class) sendBack(result);
    }

    private void sendBack(Object result) throws IOException, EncodeException {
        // No one waits for a return value: it is queued, and a later failure reaches the error handler.
        ((io.wsgate.jakarta.remote.BasicRemote) session.getBasicRemote()).sendReturnValue(result);
    }

    /** Wraps checked exceptions so they pass through MessageHandler.onMessage and are unwrapped by the caller. */
    static RuntimeException rethrow(Exception e) {
        if (e instanceof RuntimeException r) return r;
        return new HandlerFailure(e);
    }

    /** Carries a checked exception out of a MessageHandler method; JakartaConnection reports the cause. */
    static final class HandlerFailure extends RuntimeException {
        HandlerFailure(Exception cause) {
            super(cause);
        }
    }

    static final class Whole extends AnnotatedMessageHandler implements MessageHandler.Whole<Object> {
        Whole(AnnotatedMethod method, Object instance, WsgateSession session, Map<String, String> pathParameters) {
            super(method, instance, session, pathParameters);
        }

        @Override
        public void onMessage(Object message) {
            try {
                call(message, true);
            } catch (Exception e) {
                throw rethrow(e);
            }
        }
    }

    static final class Partial extends AnnotatedMessageHandler implements MessageHandler.Partial<Object> {
        Partial(AnnotatedMethod method, Object instance, WsgateSession session, Map<String, String> pathParameters) {
            super(method, instance, session, pathParameters);
        }

        @Override
        public void onMessage(Object partialMessage, boolean last) {
            try {
                call(partialMessage, last);
            } catch (Exception e) {
                throw rethrow(e);
            }
        }
    }
}
