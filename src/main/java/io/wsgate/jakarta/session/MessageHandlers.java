package io.wsgate.jakarta.session;

import io.wsgate.jakarta.coder.CoderSpec;
import io.wsgate.jakarta.coder.GenericTypes;
import io.wsgate.jakarta.coder.NativeType;
import io.wsgate.jakarta.coder.Primitives;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;

import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The message handlers of one session: at most one per native message type (WebSocket 2.2 section 2.1.3),
 * the type of each resolved from its generic signature or given explicitly.
 */
public final class MessageHandlers {

    private final List<CoderSpec> decoders;
    private final Map<NativeType, HandlerRegistration> bySlot = new EnumMap<>(NativeType.class);
    private final Map<MessageHandler, HandlerRegistration> byHandler = new IdentityHashMap<>();

    MessageHandlers(List<CoderSpec> decoders) {
        this.decoders = decoders;
    }

    /** Registers a handler whose message type comes from its class's generic signature. */
    void add(MessageHandler handler) {
        if (handler == null) throw new IllegalArgumentException("handler must not be null");
        boolean whole = handler instanceof MessageHandler.Whole<?>;
        boolean partial = handler instanceof MessageHandler.Partial<?>;
        if (whole == partial) {
            throw new IllegalStateException("message handler " + handler.getClass().getName()
                    + " must implement exactly one of MessageHandler.Whole and MessageHandler.Partial");
        }
        Class<?> type = GenericTypes.typeArgument(handler.getClass(),
                whole ? MessageHandler.Whole.class : MessageHandler.Partial.class, 0);
        if (type == null) {
            throw new IllegalStateException("cannot determine the message type of handler " + handler.getClass().getName()
                    + " (a lambda or generic class); use Session.addMessageHandler(Class, handler)");
        }
        add(handler, type, partial);
    }

    public synchronized void add(MessageHandler handler, Class<?> type, boolean partial) {
        if (handler == null) throw new IllegalArgumentException("handler must not be null");
        if (type == null) throw new IllegalArgumentException("message type must not be null");
        Set<NativeType> slots = slotsFor(type, partial, decoders);
        if (slots.isEmpty()) {
            throw new IllegalStateException("message handler " + handler.getClass().getName() + " takes "
                    + (partial ? "partial " : "") + type.getName()
                    + ", which is not a supported message type and has no decoder configured");
        }
        if (byHandler.containsKey(handler)) {
            throw new IllegalStateException("message handler " + handler.getClass().getName() + " is already registered");
        }
        for (NativeType slot : slots) {
            HandlerRegistration existing = bySlot.get(slot);
            if (existing != null) {
                throw new IllegalStateException("a " + slot.name().toLowerCase() + " message handler is already registered ("
                        + existing.handler().getClass().getName() + "); a session has at most one per message type");
            }
        }
        HandlerRegistration registration = new HandlerRegistration(handler, type, partial, slots);
        slots.forEach(slot -> bySlot.put(slot, registration));
        byHandler.put(handler, registration);
    }

    synchronized void remove(MessageHandler handler) {
        HandlerRegistration registration = byHandler.remove(handler);
        if (registration != null) registration.slots().forEach(bySlot::remove);
    }

    synchronized Set<MessageHandler> all() {
        return Set.copyOf(new LinkedHashSet<>(byHandler.keySet()));
    }

    synchronized HandlerRegistration forSlot(NativeType slot) {
        return bySlot.get(slot);
    }

    /** The native message types a handler of {@code type} serves; empty when it cannot serve any. */
    public static Set<NativeType> slotsFor(Class<?> type, boolean partial, List<CoderSpec> decoders) {
        if (partial) {
            if (type == String.class) return EnumSet.of(NativeType.TEXT);
            if (type == ByteBuffer.class || type == byte[].class) return EnumSet.of(NativeType.BINARY);
            return EnumSet.noneOf(NativeType.class);
        }
        if (type == String.class || type == Reader.class) return EnumSet.of(NativeType.TEXT);
        if (type == ByteBuffer.class || type == byte[].class || type == InputStream.class) return EnumSet.of(NativeType.BINARY);
        if (type == PongMessage.class) return EnumSet.of(NativeType.PONG);
        Set<NativeType> slots = EnumSet.noneOf(NativeType.class);
        if (DecoderSet.hasText(decoders, type)) slots.add(NativeType.TEXT);
        if (DecoderSet.hasBinary(decoders, type)) slots.add(NativeType.BINARY);
        // A developer decoder overrides the built-in conversion of primitives (text messages only).
        if (slots.isEmpty() && Primitives.isPrimitiveOrBoxed(type)) slots.add(NativeType.TEXT);
        return slots;
    }
}
