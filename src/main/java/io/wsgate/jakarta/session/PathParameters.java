package io.wsgate.jakarta.session;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Copies of a connection's URI-template variables that keep the template's order (Map.copyOf would not). */
public final class PathParameters {

    private PathParameters() {}

    public static Map<String, String> copyOf(Map<String, String> pathParameters) {
        if (pathParameters.isEmpty()) return Map.of();
        return Collections.unmodifiableMap(new LinkedHashMap<>(pathParameters));
    }
}
