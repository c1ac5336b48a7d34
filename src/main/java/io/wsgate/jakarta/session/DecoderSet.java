package io.wsgate.jakarta.session;

import io.wsgate.jakarta.coder.CoderSpec;
import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import jakarta.websocket.EndpointConfig;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The decoders of one session: one instance per configured class, brought into service with
 * {@link Decoder#init} when the session opens and removed with {@link Decoder#destroy} when it closes.
 * A message goes to the first decoder in the configured order whose type fits and that is willing
 * ({@code willDecode}) to take it.
 */
final class DecoderSet {

    private final List<CoderSpec> specs;
    private final Map<Class<?>, Decoder> instances = new IdentityHashMap<>();

    DecoderSet(List<CoderSpec> specs) {
        this.specs = specs;
    }

    static boolean hasText(List<CoderSpec> specs, Class<?> target) {
        return specs.stream().anyMatch(s -> s.kind().text && s.decodesTo(target));
    }

    static boolean hasBinary(List<CoderSpec> specs, Class<?> target) {
        return specs.stream().anyMatch(s -> !s.kind().text && s.decodesTo(target));
    }

    boolean hasTextFor(Class<?> target) { return hasText(specs, target); }

    boolean hasBinaryFor(Class<?> target) { return hasBinary(specs, target); }

    /**
     * Whether a text message for {@code target} goes to a stream decoder whatever it holds: the decoders for it
     * are all {@link Decoder.TextStream}s (a {@link Decoder.Text} must see the whole message for its
     * {@code willDecode}, so then the message is collected first). Such messages are decoded as they arrive.
     */
    boolean streamsTextFor(Class<?> target) {
        return streamsOnly(target, CoderSpec.Kind.TEXT_STREAM, true);
    }

    boolean streamsBinaryFor(Class<?> target) {
        return streamsOnly(target, CoderSpec.Kind.BINARY_STREAM, false);
    }

    private boolean streamsOnly(Class<?> target, CoderSpec.Kind stream, boolean text) {
        boolean any = false;
        for (CoderSpec spec : specs) {
            if (spec.kind().text != text || !spec.decodesTo(target)) continue;
            if (spec.kind() != stream) return false;
            any = true;
        }
        return any;
    }

    /** Decodes a message read as it arrives with the first stream decoder for {@code target}. */
    @SuppressWarnings("rawtypes")
    Object decodeTextStream(Class<?> target, java.io.Reader message) throws DecodeException, IOException {
        for (CoderSpec spec : specs) {
            if (spec.kind() == CoderSpec.Kind.TEXT_STREAM && spec.decodesTo(target)) {
                return ((Decoder.TextStream) instance(spec)).decode(message);
            }
        }
        throw new IllegalStateException("no text stream decoder for " + target.getName());
    }

    @SuppressWarnings("rawtypes")
    Object decodeBinaryStream(Class<?> target, InputStream message) throws DecodeException, IOException {
        for (CoderSpec spec : specs) {
            if (spec.kind() == CoderSpec.Kind.BINARY_STREAM && spec.decodesTo(target)) {
                return ((Decoder.BinaryStream) instance(spec)).decode(message);
            }
        }
        throw new IllegalStateException("no binary stream decoder for " + target.getName());
    }

    /** Creates and initialises the decoders; if one fails, those already initialised are destroyed
     * and the failure names it. */
    void init(EndpointConfig config) throws ReflectiveOperationException {
        CoderSpec current = null;
        try {
            for (CoderSpec spec : specs) {
                if (instances.containsKey(spec.coderClass())) continue;
                current = spec;
                Decoder decoder = (Decoder) spec.coderClass().getConstructor().newInstance();
                instances.put(spec.coderClass(), decoder);
                decoder.init(config);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            destroy();
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
            throw new IllegalStateException("decoder " + current.coderClass().getName()
                    + " could not be created or initialised: " + cause, cause);
        }
    }

    /** Calls {@code destroy()} on each decoder once, returning the first failure (after trying all). */
    RuntimeException destroy() {
        RuntimeException first = null;
        for (Decoder decoder : instances.values()) {
            try {
                decoder.destroy();
            } catch (RuntimeException e) {
                if (first == null) first = e;
            }
        }
        instances.clear();
        return first;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    Object decodeText(Class<?> target, String message) throws DecodeException, IOException {
        for (CoderSpec spec : specs) {
            if (!spec.kind().text || !spec.decodesTo(target)) continue;
            Decoder decoder = instance(spec);
            if (spec.kind() == CoderSpec.Kind.TEXT) {
                Decoder.Text text = (Decoder.Text) decoder;
                if (text.willDecode(message)) return text.decode(message);
            } else {
                return ((Decoder.TextStream) decoder).decode(new StringReader(message));
            }
        }
        throw new DecodeException(message, "no decoder for " + target.getName() + " accepted the text message");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    Object decodeBinary(Class<?> target, ByteBuffer message) throws DecodeException, IOException {
        for (CoderSpec spec : specs) {
            if (spec.kind().text || !spec.decodesTo(target)) continue;
            Decoder decoder = instance(spec);
            if (spec.kind() == CoderSpec.Kind.BINARY) {
                Decoder.Binary binary = (Decoder.Binary) decoder;
                // willDecode must leave the buffer as it was; a duplicate guards against decoders that do not.
                if (binary.willDecode(message.duplicate())) return binary.decode(message);
            } else {
                return ((Decoder.BinaryStream) decoder).decode(inputStream(message));
            }
        }
        throw new DecodeException(message, "no decoder for " + target.getName() + " accepted the binary message");
    }

    static InputStream inputStream(ByteBuffer message) {
        if (message.hasArray()) {
            return new ByteArrayInputStream(message.array(), message.arrayOffset() + message.position(), message.remaining());
        }
        byte[] copy = new byte[message.remaining()];
        message.duplicate().get(copy);
        return new ByteArrayInputStream(copy);
    }

    private Decoder instance(CoderSpec spec) {
        Decoder decoder = instances.get(spec.coderClass());
        if (decoder == null) throw new IllegalStateException("decoders are not in service (session not open)");
        return decoder;
    }
}
