package io.wsgate.jakarta.deploy;

import io.wsgate.jakarta.coder.Primitives;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DecodeException;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * One validated lifecycle or message method of an annotated endpoint: what each parameter receives, and the call
 * itself (exceptions thrown by the method come out unwrapped).
 */
final class AnnotatedMethod {

    enum Kind { SESSION, CONFIG, CLOSE_REASON, THROWABLE, PATH_PARAM, MESSAGE, LAST }

    record Param(Kind kind, Class<?> type, String name) {}

    /** The values one call can hand to the method's parameters. */
    record Call(Session session, EndpointConfig config, CloseReason closeReason, Throwable error, Object message,
                boolean last, Map<String, String> pathParameters) {
        static Call lifecycle(Session session, EndpointConfig config, CloseReason closeReason, Throwable error,
                              Map<String, String> pathParameters) {
            return new Call(session, config, closeReason, error, null, false, pathParameters);
        }
    }

    private final Method method;
    private final Param[] params;

    AnnotatedMethod(Method method, Param[] params) {
        this.method = method;
        this.params = params;
        if (!java.lang.reflect.Modifier.isPublic(method.getDeclaringClass().getModifiers())) {
            // A public method declared by a non-public superclass is not reachable without this.
            method.trySetAccessible();
        }
    }

    Method method() { return method; }

    Param[] params() { return params.clone(); }

    Class<?> returnType() { return method.getReturnType(); }

    /** Calls the method; a path parameter that does not convert fails with DecodeException before the call. */
    Object invoke(Object target, Call call) throws Exception {
        Object[] args = new Object[params.length];
        for (int i = 0; i < params.length; i++) {
            Param p = params[i];
            args[i] = switch (p.kind()) {
                case SESSION -> call.session();
                case CONFIG -> call.config();
                case CLOSE_REASON -> call.closeReason();
                case THROWABLE -> call.error();
                case MESSAGE -> call.message();
                case LAST -> call.last();
                case PATH_PARAM -> pathParameter(p, call.pathParameters());
            };
        }
        try {
            return method.invoke(java.lang.reflect.Modifier.isStatic(method.getModifiers()) ? null : target, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) throw ex;
            if (cause instanceof Error err) throw err;
            throw e;
        }
    }

    private static Object pathParameter(Param p, Map<String, String> values) throws DecodeException {
        String value = values == null ? null : values.get(p.name());
        if (value == null) return Primitives.defaultValue(p.type());     // not a variable of the template
        try {
            return Primitives.parse(p.type(), value);
        } catch (IllegalArgumentException e) {
            throw new DecodeException(value, "path parameter '" + p.name() + "' is not a valid " + p.type().getName(), e);
        }
    }

    @Override
    public String toString() {
        return method.getDeclaringClass().getName() + "." + method.getName() + "()";
    }
}
