package io.wsgate.servlet;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reflection into a container's own objects, for the workarounds in {@link ContainerQuirks}. A web application's
 * class loader may hide the container's classes by name, so lookups start from the runtime class of an object the
 * container handed over.
 */
final class ContainerReflection {

    private ContainerReflection() {
    }

    /**
     * A public method callable from outside the container's packages: the implementing class may be package-private or
     * anonymous, so the method is looked up on the first public type (class or interface) that declares it.
     */
    static Method publicMethod(Class<?> type, String name, Class<?>... parameters) throws NoSuchMethodException {
        Deque<Class<?>> queue = new ArrayDeque<>();
        Set<Class<?>> seen = new HashSet<>();
        queue.add(type);
        while (!queue.isEmpty()) {
            Class<?> candidate = queue.poll();
            if (!seen.add(candidate)) {
                continue;
            }
            if (Modifier.isPublic(candidate.getModifiers())) {
                try {
                    Method method = candidate.getMethod(name, parameters);
                    if (Modifier.isPublic(method.getDeclaringClass().getModifiers())) {
                        return method;
                    }
                } catch (NoSuchMethodException ignored) {
                    // try the supertypes
                }
            }
            if (candidate.getSuperclass() != null) {
                queue.add(candidate.getSuperclass());
            }
            queue.addAll(List.of(candidate.getInterfaces()));
        }
        throw new NoSuchMethodException(type.getName() + "." + name + " (no public declaration)");
    }

    static Field field(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field field = c.getDeclaredField(name);
                field.setAccessible(true);
                return field;
            } catch (NoSuchFieldException ignored) {
                // look further up
            }
        }
        throw new NoSuchFieldException(type.getName() + "." + name);
    }

}
