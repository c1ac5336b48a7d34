package io.wsgate.jakarta.deploy;

import jakarta.websocket.DeploymentException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An endpoint path: a relative URI or a level-1 URI template whose variables replace whole segments
 * (WebSocket 2.2 section 3.1.1). Paths are compared segment by segment with '/' as the separator; a trailing '/'
 * makes a final empty segment, so {@code /a/b/} only matches {@code /a/b/} as the specification's example says.
 */
public final class UriTemplate {

    private final String path;
    private final String[] segments;
    private final boolean[] variable;
    private final List<String> names;

    private UriTemplate(String path, String[] segments, boolean[] variable, List<String> names) {
        this.path = path;
        this.segments = segments;
        this.variable = variable;
        this.names = names;
    }

    /** Parses and validates an endpoint path, naming the broken rule in the exception. */
    static UriTemplate parse(String path) throws DeploymentException {
        if (path == null || path.isEmpty()) throw new DeploymentException("the endpoint path is missing");
        if (!path.startsWith("/")) throw new DeploymentException("endpoint path '" + path + "' must start with '/'");
        if (path.contains("//") || path.contains("/./") || path.contains("/../")
                || path.endsWith("/.") || path.endsWith("/..")) {
            throw new DeploymentException("endpoint path '" + path + "' must not contain '//', '/./' or '/../'");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= ' ' || c == '?' || c == '#') {
                throw new DeploymentException("endpoint path '" + path + "' contains an illegal character at index " + i);
            }
        }
        String[] segments = split(path);
        boolean[] variable = new boolean[segments.length];
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean open = segment.indexOf('{') >= 0, close = segment.indexOf('}') >= 0;
            if (!open && !close) continue;
            if (!segment.startsWith("{") || !segment.endsWith("}") || segment.indexOf('{', 1) >= 0
                    || segment.indexOf('}') != segment.length() - 1) {
                throw new DeploymentException("endpoint path '" + path
                        + "': a URI-template variable must replace a whole segment, not '" + segment + "'");
            }
            String name = segment.substring(1, segment.length() - 1);
            if (!validName(name)) {
                throw new DeploymentException("endpoint path '" + path + "': '" + segment
                        + "' is not a level-1 URI-template variable");
            }
            if (!seen.add(name)) {
                throw new DeploymentException("endpoint path '" + path + "' uses the variable '" + name + "' more than once");
            }
            variable[i] = true;
            segments[i] = name;
            names.add(name);
        }
        return new UriTemplate(path, segments, variable, Collections.unmodifiableList(names));
    }

    private static boolean validName(String name) {
        if (name.isEmpty()) return false;
        // Level 1 has no operators (+ # . / ; ? &) and no modifiers (* :).
        if ("+#./;?&=,!@|".indexOf(name.charAt(0)) >= 0) return false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '*' || c == ':' || c == '/' || c == '{' || c == '}' || c == ',') return false;
        }
        return true;
    }

    /** The segments of a path starting with '/': "/" is one empty segment, "/a/b/" is a, b and an empty one. */
    static String[] split(String path) {
        return path.substring(1).split("/", -1);
    }

    public String path() { return path; }

    boolean hasVariables() { return !names.isEmpty(); }

    List<String> variableNames() { return names; }

    int segmentCount() { return segments.length; }

    boolean isVariable(int index) { return variable[index]; }

    /** The literal text of a segment, or the variable name of a variable segment. */
    String segment(int index) { return segments[index]; }

    /** The template with variable names erased: two templates with the same key are equivalent. */
    String equivalenceKey() {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            key.append('/').append(variable[i] ? "{}" : segments[i]);
        }
        return key.toString();
    }

    /**
     * The variable values when {@code requestSegments} is a valid expansion of this template, else null.
     * An empty segment is never a valid expansion of a variable.
     */
    Map<String, String> match(String[] requestSegments) {
        if (requestSegments.length != segments.length) return null;
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < segments.length; i++) {
            if (variable[i]) {
                if (requestSegments[i].isEmpty()) return null;
                values.put(segments[i], requestSegments[i]);
            } else if (!segments[i].equals(requestSegments[i])) {
                return null;
            }
        }
        return values;
    }

    @Override
    public String toString() { return path; }
}
