package io.wsgate.jakarta.coder;

import java.util.Map;

/**
 * Java primitives and their boxed types as the specification uses them: path parameters and whole text messages
 * are converted "as if by the public one-argument String constructor" of the boxed type, and primitive return
 * values are sent as their standard string representation.
 */
public final class Primitives {

    private static final Map<Class<?>, Class<?>> BOXES = Map.of(
            boolean.class, Boolean.class, byte.class, Byte.class, short.class, Short.class,
            char.class, Character.class, int.class, Integer.class, long.class, Long.class,
            float.class, Float.class, double.class, Double.class);

    private Primitives() {}

    public static boolean isPrimitiveOrBoxed(Class<?> type) {
        return type.isPrimitive() && type != void.class || BOXES.containsValue(type);
    }

    /** The boxed type of a primitive, or the type itself. */
    public static Class<?> boxed(Class<?> type) {
        Class<?> box = BOXES.get(type);
        return box == null ? type : box;
    }

    /**
     * Converts text to {@code type} (String, a primitive or a boxed type).
     *
     * @throws IllegalArgumentException when the text is not a value of that type
     */
    public static Object parse(Class<?> type, String text) {
        Class<?> box = boxed(type);
        if (box == String.class) return text;
        if (text == null) throw new IllegalArgumentException("no value for " + type.getName());
        if (box == Boolean.class) return Boolean.valueOf(text);     // as new Boolean(String): only "true" (any case) is true
        if (box == Character.class) {
            // Character has no String constructor; a one-character string is the only unambiguous value.
            if (text.length() != 1) throw new IllegalArgumentException("'" + text + "' is not a single character");
            return text.charAt(0);
        }
        if (box == Byte.class) return Byte.valueOf(text);
        if (box == Short.class) return Short.valueOf(text);
        if (box == Integer.class) return Integer.valueOf(text);
        if (box == Long.class) return Long.valueOf(text);
        if (box == Float.class) return Float.valueOf(text);
        if (box == Double.class) return Double.valueOf(text);
        throw new IllegalArgumentException(type.getName() + " is neither String nor a primitive type");
    }

    /** The value a primitive parameter gets when there is nothing to convert (an unknown path variable). */
    public static Object defaultValue(Class<?> type) {
        if (!type.isPrimitive()) return null;
        if (type == boolean.class) return false;
        if (type == char.class) return '\0';
        if (type == long.class) return 0L;
        if (type == float.class) return 0f;
        if (type == double.class) return 0d;
        if (type == byte.class) return (byte) 0;
        if (type == short.class) return (short) 0;
        return 0;
    }
}
