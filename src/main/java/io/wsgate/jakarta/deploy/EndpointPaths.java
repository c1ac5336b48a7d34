package io.wsgate.jakarta.deploy;

import jakarta.websocket.DeploymentException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The endpoint paths of one application and the best match for a request path (WebSocket 2.2 section 3.1.1):
 * an exact path wins; otherwise templates with as many segments as the request are narrowed left to right, keeping
 * at each segment those whose literal equals the request's segment or, only when there are none, those with a
 * variable there.
 *
 * <p>Exact paths take part only through the first step: once no exact path equals the request, narrowing runs over
 * the templates alone, so an exact {@code /a/b/c} does not stop {@code /a/{x}/{y}} from matching {@code /a/b/x}
 * (read literally, the specification's narrowing would keep {@code /a/b/c} at the second segment and end with no
 * match; Tomcat behaves as here).
 */
public final class EndpointPaths<T> {

    /** A matched endpoint and the values of its path variables. */
    public record Match<T>(T endpoint, Map<String, String> pathParameters) {}

    private record Entry<T>(UriTemplate template, T endpoint) {}

    private final Map<String, Entry<T>> exact = new ConcurrentHashMap<>();
    private final Map<String, Entry<T>> byEquivalence = new ConcurrentHashMap<>();
    private final List<Entry<T>> templates = new CopyOnWriteArrayList<>();

    public synchronized void add(UriTemplate template, T endpoint) throws DeploymentException {
        if (template.hasVariables()) {
            Entry<T> existing = byEquivalence.get(template.equivalenceKey());
            if (existing != null) {
                throw new DeploymentException(describe(endpoint) + ": duplicate endpoint path: '" + template.path()
                        + "' is equivalent to '" + existing.template().path() + "' already deployed for "
                        + describe(existing.endpoint()));
            }
            Entry<T> entry = new Entry<>(template, endpoint);
            byEquivalence.put(template.equivalenceKey(), entry);
            templates.add(entry);
        } else {
            Entry<T> existing = exact.get(template.path());
            if (existing != null) {
                throw new DeploymentException(describe(endpoint) + ": duplicate endpoint path: '" + template.path()
                        + "' is already deployed for " + describe(existing.endpoint()));
            }
            exact.put(template.path(), new Entry<>(template, endpoint));
        }
    }

    public synchronized void clear() {
        exact.clear();
        byEquivalence.clear();
        templates.clear();
    }

    boolean isEmpty() { return exact.isEmpty() && templates.isEmpty(); }

    public List<T> endpoints() {
        List<T> all = new ArrayList<>();
        exact.values().forEach(e -> all.add(e.endpoint()));
        templates.forEach(e -> all.add(e.endpoint()));
        return all;
    }

    /** The best match for a request path (servlet path plus path info), or null. */
    public Match<T> match(String path) {
        if (path == null || !path.startsWith("/")) return null;
        Entry<T> hit = exact.get(path);
        if (hit != null) return new Match<>(hit.endpoint(), Collections.emptyMap());
        if (templates.isEmpty()) return null;
        String[] segments = UriTemplate.split(path);
        List<Entry<T>> candidates = new ArrayList<>();
        for (Entry<T> entry : templates) {
            if (entry.template().segmentCount() == segments.length) candidates.add(entry);
        }
        for (int i = 0; i < segments.length && !candidates.isEmpty(); i++) {
            List<Entry<T>> literal = new ArrayList<>();
            List<Entry<T>> variable = new ArrayList<>();
            for (Entry<T> entry : candidates) {
                UriTemplate t = entry.template();
                if (t.isVariable(i)) {
                    if (!segments[i].isEmpty()) variable.add(entry);
                } else if (t.segment(i).equals(segments[i])) {
                    literal.add(entry);
                }
            }
            candidates = literal.isEmpty() ? variable : literal;
        }
        if (candidates.isEmpty()) return null;
        Entry<T> best = candidates.get(0);
        return new Match<>(best.endpoint(), Collections.unmodifiableMap(best.template().match(segments)));
    }

    private static String describe(Object endpoint) {
        return String.valueOf(endpoint);
    }
}
