package io.wsgate.jakarta.coder;

import java.lang.reflect.Array;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;

/**
 * Finds the actual type argument a class gives a generic interface such as {@code MessageHandler.Whole<T>} or
 * {@code Decoder.Text<T>}, following superclasses, super-interfaces and type variables bound on the way.
 */
public final class GenericTypes {

    private GenericTypes() {}

    /** The raw class bound to type parameter {@code index} of {@code generic} by {@code type}, or null if unknown. */
    public static Class<?> typeArgument(Class<?> type, Class<?> generic, int index) {
        Type found = find(type, generic, index, new HashMap<>());
        return found == null ? null : rawClass(found);
    }

    private static Type find(Type type, Class<?> generic, int index, Map<TypeVariable<?>, Type> bindings) {
        Class<?> raw = rawClass(type);
        if (raw == null) return null;
        Map<TypeVariable<?>, Type> local = new HashMap<>(bindings);
        if (type instanceof ParameterizedType p) {
            TypeVariable<?>[] params = raw.getTypeParameters();
            Type[] args = p.getActualTypeArguments();
            for (int i = 0; i < params.length && i < args.length; i++) {
                local.put(params[i], substitute(args[i], bindings));
            }
        }
        if (raw == generic) {
            TypeVariable<?>[] params = raw.getTypeParameters();
            if (index >= params.length) return null;
            Type bound = local.get(params[index]);
            return bound == null || bound instanceof TypeVariable<?> ? null : bound;
        }
        for (Type parent : raw.getGenericInterfaces()) {
            Type found = find(parent, generic, index, local);
            if (found != null) return found;
        }
        Type superclass = raw.getGenericSuperclass();
        return superclass == null ? null : find(superclass, generic, index, local);
    }

    private static Type substitute(Type type, Map<TypeVariable<?>, Type> bindings) {
        if (type instanceof TypeVariable<?> v) {
            Type bound = bindings.get(v);
            return bound == null ? v : bound;
        }
        return type;
    }

    static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) return c;
        if (type instanceof ParameterizedType p) return rawClass(p.getRawType());
        if (type instanceof GenericArrayType a) {
            Class<?> component = rawClass(a.getGenericComponentType());
            return component == null ? null : Array.newInstance(component, 0).getClass();
        }
        return null;
    }
}
