package io.wsgate.jakarta.deploy;

import io.wsgate.jakarta.coder.CoderSpec;
import io.wsgate.jakarta.coder.NativeType;
import io.wsgate.jakarta.coder.Primitives;
import io.wsgate.jakarta.session.EncoderSet;
import io.wsgate.jakarta.session.MessageHandlers;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpointConfig;

import java.io.InputStream;
import java.io.Reader;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The validated shape of an annotated endpoint class (WebSocket 2.2 chapter 4 and the {@code @OnMessage}
 * javadoc): its {@code @OnOpen}, {@code @OnClose} and {@code @OnError} methods and one {@code @OnMessage} method per
 * native message type. Every rule broken is reported as a DeploymentException naming the class, method and rule.
 *
 * <p>Annotated methods are looked up from the endpoint class up through its superclasses; a method a subclass
 * overrides without the annotation is not a callback (section 4.8), and a class's own callbacks hide those of its
 * superclasses.
 */
final class AnnotatedEndpointModel {

    /** An {@code @OnMessage} method, the native types it handles and how it takes the message. */
    record MessageMethod(AnnotatedMethod method, Set<NativeType> slots, Class<?> messageType, boolean partial,
                         long maxMessageSize) {}

    private final Class<?> endpointClass;
    private final AnnotatedMethod onOpen;
    private final AnnotatedMethod onClose;
    private final AnnotatedMethod onError;
    private final List<MessageMethod> messageMethods;

    private AnnotatedEndpointModel(Class<?> endpointClass, AnnotatedMethod onOpen, AnnotatedMethod onClose,
                                   AnnotatedMethod onError, List<MessageMethod> messageMethods) {
        this.endpointClass = endpointClass;
        this.onOpen = onOpen;
        this.onClose = onClose;
        this.onError = onError;
        this.messageMethods = messageMethods;
    }

    Class<?> endpointClass() { return endpointClass; }
    AnnotatedMethod onOpen() { return onOpen; }
    AnnotatedMethod onClose() { return onClose; }
    AnnotatedMethod onError() { return onError; }
    List<MessageMethod> messageMethods() { return messageMethods; }

    /** Whether a class uses any WebSocket method annotation (and so is meant as an annotated endpoint). */
    static boolean hasCallbackAnnotations(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent(OnOpen.class) || m.isAnnotationPresent(OnClose.class)
                        || m.isAnnotationPresent(OnError.class) || m.isAnnotationPresent(OnMessage.class)) {
                    return true;
                }
            }
        }
        return false;
    }

    static AnnotatedEndpointModel analyse(Class<?> type, List<CoderSpec> decoders) throws DeploymentException {
        return analyse(type, decoders, List.of());
    }

    static AnnotatedEndpointModel analyse(Class<?> type, List<CoderSpec> decoders, List<CoderSpec> encoders)
            throws DeploymentException {
        String name = type.getName();
        if (type.isInterface() || type.isAnnotation() || type.isEnum() || Modifier.isAbstract(type.getModifiers())) {
            throw new DeploymentException("annotated endpoint " + name + " must be a concrete class");
        }
        if (!Modifier.isPublic(type.getModifiers())) {
            throw new DeploymentException("annotated endpoint " + name + " must be public");
        }
        if (!Modifier.isStatic(type.getModifiers()) && type.getEnclosingClass() != null) {
            throw new DeploymentException("annotated endpoint " + name + " must not be an inner (non-static) class");
        }
        List<Method> candidates = callbackCandidates(type);
        AnnotatedMethod open = single(type, candidates, OnOpen.class, m -> lifecycle(m, OnOpen.class));
        AnnotatedMethod close = single(type, candidates, OnClose.class, m -> lifecycle(m, OnClose.class));
        AnnotatedMethod error = single(type, candidates, OnError.class, m -> lifecycle(m, OnError.class));
        return new AnnotatedEndpointModel(type, open, close, error, messageMethods(type, candidates, decoders, encoders));
    }

    // ---- method discovery

    /** Annotated methods of the class and its superclasses, minus those a subclass overrides. */
    private static List<Method> callbackCandidates(Class<?> type) {
        List<Method> found = new ArrayList<>();
        List<Method> seen = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.isSynthetic() || m.isBridge()) continue;
                boolean overridden = seen.stream().anyMatch(s -> overrides(s, m));
                seen.add(m);
                if (overridden) continue;
                if (m.isAnnotationPresent(OnOpen.class) || m.isAnnotationPresent(OnClose.class)
                        || m.isAnnotationPresent(OnError.class) || m.isAnnotationPresent(OnMessage.class)) {
                    found.add(m);
                }
            }
        }
        return found;
    }

    private static boolean overrides(Method sub, Method sup) {
        return sub.getName().equals(sup.getName())
                && java.util.Arrays.equals(sub.getParameterTypes(), sup.getParameterTypes())
                && !Modifier.isPrivate(sup.getModifiers()) && !Modifier.isStatic(sup.getModifiers());
    }

    @FunctionalInterface
    private interface Analyser<T> {
        T analyse(Method m) throws DeploymentException;
    }

    /** The one method with {@code annotation} in the most derived class that has one; two there is an error. */
    private static AnnotatedMethod single(Class<?> type, List<Method> candidates, Class<? extends Annotation> annotation,
                                          Analyser<AnnotatedMethod> analyser) throws DeploymentException {
        Method chosen = null;
        for (Method m : candidates) {
            if (!m.isAnnotationPresent(annotation)) continue;
            if (chosen == null) {
                chosen = m;
            } else if (chosen.getDeclaringClass() == m.getDeclaringClass()) {
                throw new DeploymentException(type.getName() + ": more than one @" + annotation.getSimpleName()
                        + " method (" + chosen.getName() + " and " + m.getName() + "); at most one is allowed");
            }
        }
        return chosen == null ? null : analyser.analyse(chosen);
    }

    private static List<MessageMethod> messageMethods(Class<?> type, List<Method> candidates, List<CoderSpec> decoders,
                                                      List<CoderSpec> encoders) throws DeploymentException {
        Map<NativeType, MessageMethod> bySlot = new EnumMap<>(NativeType.class);
        List<MessageMethod> methods = new ArrayList<>();
        for (Method m : candidates) {
            if (!m.isAnnotationPresent(OnMessage.class)) continue;
            MessageMethod mm = message(m, decoders, encoders);
            boolean hidden = false;
            for (NativeType slot : mm.slots()) {
                MessageMethod existing = bySlot.get(slot);
                if (existing == null) continue;
                if (existing.method().method().getDeclaringClass() == m.getDeclaringClass()) {
                    throw new DeploymentException(type.getName() + ": more than one @OnMessage method for "
                            + slot.name().toLowerCase() + " messages (" + existing.method().method().getName() + " and "
                            + m.getName() + "); an endpoint may have only one per native message type");
                }
                hidden = true;      // a subclass's method for this type hides the superclass's
            }
            if (hidden) continue;
            mm.slots().forEach(slot -> bySlot.put(slot, mm));
            methods.add(mm);
        }
        return List.copyOf(methods);
    }

    // ---- signatures

    private static String where(Method m) {
        return m.getDeclaringClass().getName() + "." + m.getName() + "()";
    }

    private static void checkPublic(Method m, Class<? extends Annotation> annotation) throws DeploymentException {
        if (!Modifier.isPublic(m.getModifiers())) {
            throw new DeploymentException(where(m) + ": a @" + annotation.getSimpleName() + " method must be public");
        }
    }

    /** A path parameter, or null when the parameter has no @PathParam. */
    private static AnnotatedMethod.Param pathParam(Method m, int index, Class<? extends Annotation> annotation)
            throws DeploymentException {
        for (Annotation a : m.getParameterAnnotations()[index]) {
            if (a instanceof PathParam p) {
                Class<?> t = m.getParameterTypes()[index];
                if (t != String.class && !Primitives.isPrimitiveOrBoxed(t)) {
                    throw new DeploymentException(where(m) + ": @PathParam(\"" + p.value() + "\") parameter of type "
                            + t.getName() + "; @PathParam parameters must be String, a primitive type or its boxed type");
                }
                if (p.value() == null || p.value().isEmpty()) {
                    throw new DeploymentException(where(m) + ": @PathParam on parameter " + index + " has no name");
                }
                return new AnnotatedMethod.Param(AnnotatedMethod.Kind.PATH_PARAM, t, p.value());
            }
        }
        return null;
    }

    private static AnnotatedMethod lifecycle(Method m, Class<? extends Annotation> annotation) throws DeploymentException {
        checkPublic(m, annotation);
        Class<?>[] types = m.getParameterTypes();
        AnnotatedMethod.Param[] params = new AnnotatedMethod.Param[types.length];
        Set<AnnotatedMethod.Kind> used = EnumSet.noneOf(AnnotatedMethod.Kind.class);
        String allowed = annotation == OnOpen.class ? "Session, EndpointConfig and @PathParam parameters"
                : annotation == OnClose.class ? "Session, CloseReason and @PathParam parameters"
                : "Session, Throwable and @PathParam parameters";
        for (int i = 0; i < types.length; i++) {
            AnnotatedMethod.Param p = pathParam(m, i, annotation);
            if (p == null) {
                Class<?> t = types[i];
                AnnotatedMethod.Kind kind;
                if (t == Session.class) kind = AnnotatedMethod.Kind.SESSION;
                else if (annotation == OnOpen.class && (t == EndpointConfig.class || t == ServerEndpointConfig.class)) kind = AnnotatedMethod.Kind.CONFIG;
                else if (annotation == OnClose.class && t == CloseReason.class) kind = AnnotatedMethod.Kind.CLOSE_REASON;
                else if (annotation == OnError.class && t == Throwable.class) kind = AnnotatedMethod.Kind.THROWABLE;
                else throw new DeploymentException(where(m) + ": parameter " + i + " of type " + t.getName()
                            + " is not allowed on a @" + annotation.getSimpleName() + " method (allowed: " + allowed + ")");
                if (!used.add(kind)) {
                    throw new DeploymentException(where(m) + ": more than one " + t.getSimpleName()
                            + " parameter on a @" + annotation.getSimpleName() + " method");
                }
                p = new AnnotatedMethod.Param(kind, t, null);
            }
            params[i] = p;
        }
        if (annotation == OnError.class && !used.contains(AnnotatedMethod.Kind.THROWABLE)) {
            throw new DeploymentException(where(m) + ": a @OnError method must have a Throwable parameter");
        }
        return new AnnotatedMethod(m, params);
    }

    private static MessageMethod message(Method m, List<CoderSpec> decoders, List<CoderSpec> encoders)
            throws DeploymentException {
        checkPublic(m, OnMessage.class);
        Class<?> returned = m.getReturnType();
        if (returned != void.class && returned != Void.class && !EncoderSet.canEncode(encoders, returned)) {
            throw new DeploymentException(where(m) + " returns " + returned.getName() + ", which cannot be sent back:"
                    + " a @OnMessage method returns void, String, ByteBuffer, byte[], a primitive type or its boxed"
                    + " type, or a type one of the endpoint's encoders takes");
        }
        long maxMessageSize = m.getAnnotation(OnMessage.class).maxMessageSize();
        if (maxMessageSize > Integer.MAX_VALUE) {
            throw new DeploymentException(where(m) + ": @OnMessage(maxMessageSize=" + maxMessageSize
                    + ") is larger than Integer.MAX_VALUE, the largest message this JVM can hold");
        }
        if (maxMessageSize < -1 || maxMessageSize == 0) {
            throw new DeploymentException(where(m) + ": @OnMessage(maxMessageSize=" + maxMessageSize
                    + ") must be positive, or -1 for no maximum");
        }
        Class<?>[] types = m.getParameterTypes();
        AnnotatedMethod.Param[] params = new AnnotatedMethod.Param[types.length];
        List<Integer> payload = new ArrayList<>();
        boolean session = false;
        for (int i = 0; i < types.length; i++) {
            AnnotatedMethod.Param p = pathParam(m, i, OnMessage.class);
            if (p != null) {
                params[i] = p;
            } else if (types[i] == Session.class) {
                if (session) throw new DeploymentException(where(m) + ": more than one Session parameter on a @OnMessage method");
                session = true;
                params[i] = new AnnotatedMethod.Param(AnnotatedMethod.Kind.SESSION, Session.class, null);
            } else {
                payload.add(i);
            }
        }
        Class<?> messageType;
        boolean partial;
        int messageIndex;
        if (payload.size() == 1) {
            messageIndex = payload.get(0);
            messageType = types[messageIndex];
            partial = false;
        } else if (payload.size() == 2) {
            int a = payload.get(0), b = payload.get(1);
            int lastIndex = types[b] == boolean.class ? b : types[a] == boolean.class ? a : -1;
            messageIndex = lastIndex == b ? a : b;
            messageType = types[messageIndex];
            if (lastIndex < 0 || !(messageType == String.class || messageType == ByteBuffer.class || messageType == byte[].class)) {
                throw new DeploymentException(where(m) + ": parameters " + types[a].getName() + " and " + types[b].getName()
                        + " are not a valid @OnMessage form; a partial message is taken as String, ByteBuffer or byte[] with a boolean");
            }
            params[lastIndex] = new AnnotatedMethod.Param(AnnotatedMethod.Kind.LAST, boolean.class, null);
            partial = true;
        } else if (payload.isEmpty()) {
            throw new DeploymentException(where(m) + ": a @OnMessage method needs a message parameter");
        } else {
            throw new DeploymentException(where(m) + ": a @OnMessage method takes one message parameter (or a partial"
                    + " message and a boolean), plus an optional Session and @PathParam parameters; it has " + payload.size()
                    + " other parameters");
        }
        params[messageIndex] = new AnnotatedMethod.Param(AnnotatedMethod.Kind.MESSAGE, messageType, null);
        Set<NativeType> slots = MessageHandlers.slotsFor(messageType, partial, decoders);
        if (slots.isEmpty()) {
            throw new DeploymentException(where(m) + ": no decoder is configured for the @OnMessage parameter type "
                    + messageType.getName() + " (and it is not String, Reader, a primitive type, ByteBuffer, byte[],"
                    + " InputStream or PongMessage)");
        }
        if (messageType == PongMessage.class && types.length > 1) {
            for (AnnotatedMethod.Param p : params) {
                if (p.kind() == AnnotatedMethod.Kind.LAST) {
                    throw new DeploymentException(where(m) + ": a pong message cannot be taken in parts");
                }
            }
        }
        if (partial || messageType == Reader.class || messageType == InputStream.class) {
            maxMessageSize = -1;    // the attribute only applies to whole messages
        }
        return new MessageMethod(new AnnotatedMethod(m, params), slots, messageType, partial, maxMessageSize);
    }
}
