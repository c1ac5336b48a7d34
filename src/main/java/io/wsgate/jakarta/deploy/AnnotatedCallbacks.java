package io.wsgate.jakarta.deploy;

import io.wsgate.jakarta.coder.NativeType;
import io.wsgate.jakarta.session.EndpointCallbacks;
import io.wsgate.jakarta.session.Log;
import io.wsgate.jakarta.session.OnErrorCause;
import io.wsgate.jakarta.session.WsgateSession;
import jakarta.websocket.CloseReason;
import jakarta.websocket.EndpointConfig;

import java.util.Map;

/**
 * Lifecycle calls of one annotated endpoint instance: registers its {@code @OnMessage} methods as the session's
 * handlers, then calls {@code @OnOpen}; {@code @OnClose} and {@code @OnError} likewise.
 */
final class AnnotatedCallbacks implements EndpointCallbacks {

    private final AnnotatedEndpointModel model;
    private final Object instance;
    private final Map<String, String> pathParameters;
    private EndpointConfig config;

    AnnotatedCallbacks(AnnotatedEndpointModel model, Object instance, Map<String, String> pathParameters) {
        this.model = model;
        this.instance = instance;
        this.pathParameters = pathParameters;
    }

    Object instance() { return instance; }

    @Override
    public void onOpen(WsgateSession session, EndpointConfig config) throws Exception {
        this.config = config;
        for (AnnotatedEndpointModel.MessageMethod mm : model.messageMethods()) {
            AnnotatedMessageHandler handler = mm.partial()
                    ? new AnnotatedMessageHandler.Partial(mm.method(), instance, session, pathParameters)
                    : new AnnotatedMessageHandler.Whole(mm.method(), instance, session, pathParameters);
            session.handlers().add((jakarta.websocket.MessageHandler) handler, mm.messageType(), mm.partial());
            if (mm.maxMessageSize() > 0) {
                int size = (int) Math.min(Integer.MAX_VALUE, mm.maxMessageSize());
                if (mm.slots().contains(NativeType.TEXT)) session.setMaxTextMessageBufferSize(size);
                if (mm.slots().contains(NativeType.BINARY)) session.setMaxBinaryMessageBufferSize(size);
            }
        }
        session.syncEngineLimits();
        if (model.onOpen() != null) {
            model.onOpen().invoke(instance, AnnotatedMethod.Call.lifecycle(session, config, null, null, pathParameters));
        }
    }

    @Override
    public void onClose(WsgateSession session, CloseReason closeReason) throws Exception {
        if (model.onClose() != null) {
            model.onClose().invoke(instance, AnnotatedMethod.Call.lifecycle(session, config, closeReason, null, pathParameters));
        }
    }

    @Override
    public void onError(WsgateSession session, Throwable error) {
        Throwable cause = error instanceof AnnotatedMessageHandler.HandlerFailure f ? f.getCause() : error;
        if (model.onError() == null) {
            Log.unhandled(model.endpointClass(), session.getId(), cause);
            return;
        }
        try {
            model.onError().invoke(instance, AnnotatedMethod.Call.lifecycle(session, config, null,
                    OnErrorCause.of(cause, session), pathParameters));
        } catch (Exception | Error e) {
            Log.LOG.log(System.Logger.Level.ERROR, "@OnError method " + model.onError() + " failed while handling "
                    + cause, e);
        }
    }
}
