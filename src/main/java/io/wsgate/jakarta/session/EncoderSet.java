package io.wsgate.jakarta.session;

import io.wsgate.jakarta.coder.CoderSpec;
import io.wsgate.jakarta.coder.Primitives;
import jakarta.websocket.EncodeException;
import jakarta.websocket.Encoder;
import jakarta.websocket.EndpointConfig;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The encoders of one session (one instance per configured class, init at open, destroy at close) and the
 * conversion of an object given to {@code sendObject} or returned by an {@code @OnMessage} method into a text or
 * binary message: a developer encoder matching the object's class comes first, then the built-in conversions
 * (String, ByteBuffer, byte[], primitives and their boxed types).
 *
 * <p>One encoder instance serves the whole session, whose sends may come from several threads: init, encode and
 * destroy hold this set's lock, so no two threads are ever inside an encoder, and destroy waits for an encode
 * under way (then later encodes fail: the encoders are out of service).
 */
public final class EncoderSet {

    /** An encoded message: exactly one of the two is non-null. */
    public record Encoded(String text, ByteBuffer binary) {}

    private final List<CoderSpec> specs;
    private final Map<Class<?>, Encoder> instances = new IdentityHashMap<>();

    EncoderSet(List<CoderSpec> specs) {
        this.specs = specs;
    }

    /** What {@code sendObject} sends without an encoder: as text (boxed primitives) or binary. */
    private static final List<Class<?>> SENT_AS_THEY_ARE = List.of(String.class, ByteBuffer.class, byte[].class,
            Boolean.class, Character.class, Byte.class, Short.class, Integer.class, Long.class, Float.class, Double.class);

    /**
     * Whether an object of static type {@code type} can be sent, as far as deployment can tell: it is, or may be
     * (a supertype such as Object or CharSequence), something sent as it is or that an encoder takes.
     */
    public static boolean canEncode(List<CoderSpec> specs, Class<?> type) {
        Class<?> boxed = Primitives.boxed(type);
        for (Class<?> sent : SENT_AS_THEY_ARE) {
            if (boxed.isAssignableFrom(sent)) return true;
        }
        return specs.stream().anyMatch(s -> s.type().isAssignableFrom(boxed) || boxed.isAssignableFrom(s.type()));
    }

    synchronized void init(EndpointConfig config) throws ReflectiveOperationException {
        CoderSpec current = null;
        try {
            for (CoderSpec spec : specs) {
                if (instances.containsKey(spec.coderClass())) continue;
                current = spec;
                Encoder encoder = (Encoder) spec.coderClass().getConstructor().newInstance();
                instances.put(spec.coderClass(), encoder);
                encoder.init(config);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            destroy();
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
            throw new IllegalStateException("encoder " + current.coderClass().getName()
                    + " could not be created or initialised: " + cause, cause);
        }
    }

    synchronized RuntimeException destroy() {
        RuntimeException first = null;
        for (Encoder encoder : instances.values()) {
            try {
                encoder.destroy();
            } catch (RuntimeException e) {
                if (first == null) first = e;
            }
        }
        instances.clear();
        return first;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    synchronized Encoded encode(Object data) throws EncodeException, IOException {
        for (CoderSpec spec : specs) {
            if (!spec.type().isInstance(data)) continue;
            Encoder encoder = instances.get(spec.coderClass());
            if (encoder == null) throw new IllegalStateException("encoders are not in service (session not open)");
            switch (spec.kind()) {
                case TEXT -> {
                    return new Encoded(((Encoder.Text) encoder).encode(data), null);
                }
                case TEXT_STREAM -> {
                    StringWriter writer = new StringWriter();
                    ((Encoder.TextStream) encoder).encode(data, writer);
                    return new Encoded(writer.toString(), null);
                }
                case BINARY -> {
                    return new Encoded(null, ((Encoder.Binary) encoder).encode(data));
                }
                case BINARY_STREAM -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    ((Encoder.BinaryStream) encoder).encode(data, out);
                    return new Encoded(null, ByteBuffer.wrap(out.toByteArray()));
                }
            }
        }
        if (data instanceof String s) return new Encoded(s, null);
        if (data instanceof ByteBuffer b) return new Encoded(null, b);
        if (data instanceof byte[] bytes) return new Encoded(null, ByteBuffer.wrap(bytes));
        if (Primitives.isPrimitiveOrBoxed(data.getClass())) return new Encoded(String.valueOf(data), null);
        throw new EncodeException(data, "no encoder configured for " + data.getClass().getName());
    }
}
