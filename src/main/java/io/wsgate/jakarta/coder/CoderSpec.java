package io.wsgate.jakarta.coder;

import jakarta.websocket.Decoder;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Encoder;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * One encoder or decoder interface implemented by a configured class, with the Java type it converts; a class
 * implementing both {@code Decoder.Text} and {@code Decoder.Binary} yields two specs.
 */
public record CoderSpec(Class<?> coderClass, Kind kind, Class<?> type) {

    /** Which of the four coder interfaces (Text, TextStream, Binary, BinaryStream) a coder implements. */
    public enum Kind {
        TEXT(true), TEXT_STREAM(true), BINARY(false), BINARY_STREAM(false);

        public final boolean text;

        Kind(boolean text) { this.text = text; }
    }

    /** Whether this spec converts to or from {@code target} (boxing primitives). */
    public boolean decodesTo(Class<?> target) {
        return Primitives.boxed(target).isAssignableFrom(type);
    }

    public static List<CoderSpec> decoders(List<Class<? extends Decoder>> classes, String owner) throws DeploymentException {
        List<CoderSpec> specs = new ArrayList<>();
        for (Class<? extends Decoder> c : classes) {
            checkInstantiable(c, "decoder", owner);
            int before = specs.size();
            add(specs, c, Decoder.Text.class, Kind.TEXT);
            add(specs, c, Decoder.TextStream.class, Kind.TEXT_STREAM);
            add(specs, c, Decoder.Binary.class, Kind.BINARY);
            add(specs, c, Decoder.BinaryStream.class, Kind.BINARY_STREAM);
            if (specs.size() == before) {
                throw new DeploymentException(owner + ": decoder " + c.getName()
                        + " implements none of Decoder.Text, Decoder.TextStream, Decoder.Binary, Decoder.BinaryStream");
            }
        }
        return List.copyOf(specs);
    }

    public static List<CoderSpec> encoders(List<Class<? extends Encoder>> classes, String owner) throws DeploymentException {
        List<CoderSpec> specs = new ArrayList<>();
        for (Class<? extends Encoder> c : classes) {
            checkInstantiable(c, "encoder", owner);
            int before = specs.size();
            add(specs, c, Encoder.Text.class, Kind.TEXT);
            add(specs, c, Encoder.TextStream.class, Kind.TEXT_STREAM);
            add(specs, c, Encoder.Binary.class, Kind.BINARY);
            add(specs, c, Encoder.BinaryStream.class, Kind.BINARY_STREAM);
            if (specs.size() == before) {
                throw new DeploymentException(owner + ": encoder " + c.getName()
                        + " implements none of Encoder.Text, Encoder.TextStream, Encoder.Binary, Encoder.BinaryStream");
            }
        }
        return List.copyOf(specs);
    }

    private static void add(List<CoderSpec> specs, Class<?> c, Class<?> iface, Kind kind) {
        if (!iface.isAssignableFrom(c)) return;
        Class<?> type = GenericTypes.typeArgument(c, iface, 0);
        specs.add(new CoderSpec(c, kind, type == null ? Object.class : type));
    }

    private static void checkInstantiable(Class<?> c, String what, String owner) throws DeploymentException {
        if (c == null) throw new DeploymentException(owner + ": a " + what + " class is null");
        if (!Modifier.isPublic(c.getModifiers()) || c.isInterface() || Modifier.isAbstract(c.getModifiers())) {
            throw new DeploymentException(owner + ": " + what + " " + c.getName() + " must be a public concrete class");
        }
        try {
            if (!Modifier.isPublic(c.getConstructor().getModifiers())) throw new NoSuchMethodException();
        } catch (NoSuchMethodException e) {
            throw new DeploymentException(owner + ": " + what + " " + c.getName() + " must have a public no-argument constructor");
        }
    }
}
