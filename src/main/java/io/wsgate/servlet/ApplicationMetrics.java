package io.wsgate.servlet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;

/**
 * The figures of one web application: its endpoints' counters (one {@link EndpointMetrics} per path template,
 * created when first needed) and the handshakes it refused, by {@link RefusalKind}. The application's traffic is
 * the sum of its endpoints', computed when read, so nothing is counted twice on the hot path. Counting goes on
 * whether or not the figures are published over JMX ({@link MetricsJmx}).
 */
final class ApplicationMetrics implements ApplicationMXBean {

    /** Endpoints that name no path template (a custom {@link UpgradeEndpoint}) are counted together under this. */
    static final String UNNAMED = "(unnamed)";

    private final String contextPath;
    private final ConcurrentHashMap<String, EndpointMetrics> endpoints = new ConcurrentHashMap<>();
    private final LongAdder[] refused = new LongAdder[RefusalKind.values().length];
    /** Where the MBeans are registered; null while not published. Guarded by this. */
    private MetricsJmx jmx;
    /** Unpublished for good: the application has stopped (a restart gets new metrics). Guarded by this. */
    private boolean ended;

    ApplicationMetrics(String contextPath) {
        this.contextPath = contextPath == null || contextPath.isEmpty() ? "/" : contextPath;
        for (int i = 0; i < refused.length; i++) refused[i] = new LongAdder();
    }

    /** The counters of the endpoint deployed at {@code template} (null: one that names none). */
    EndpointMetrics endpoint(String template) {
        String key = template == null ? UNNAMED : template;
        EndpointMetrics metrics = endpoints.get(key);
        return metrics != null ? metrics : create(key);
    }

    private synchronized EndpointMetrics create(String template) {
        EndpointMetrics metrics = endpoints.get(template);
        if (metrics != null) return metrics;
        metrics = new EndpointMetrics(contextPath, template);
        endpoints.put(template, metrics);
        if (jmx != null) jmx.add(metrics);
        return metrics;
    }

    void refused(RefusalKind kind) {
        refused[kind.ordinal()].increment();
    }

    /** Registers the application's MBean and its endpoints' (those known now and those created later). */
    synchronized void publish() {
        if (jmx != null || ended) return;
        jmx = MetricsJmx.publish(this);
        if (jmx == null) return;
        for (EndpointMetrics metrics : endpoints.values()) jmx.add(metrics);
    }

    /** Unregisters every MBean of the application, for good (a later publish does nothing); idempotent. */
    synchronized void unpublish() {
        ended = true;
        if (jmx == null) return;
        jmx.unregisterAll();
        jmx = null;
    }

    /** The name the application's MBean is registered under, or null (tests, the log). */
    synchronized String objectName() {
        return jmx == null ? null : jmx.applicationName().toString();
    }

    // ---- read over JMX -------------------------------------------------------------------------------------

    @Override public String getContextPath() { return contextPath; }

    @Override
    public List<String> getEndpoints() {
        List<String> paths = new ArrayList<>(endpoints.keySet());
        paths.sort(null);
        return paths;
    }

    @Override
    public Map<String, Long> getHandshakesRefused() {
        Map<String, Long> byReason = new LinkedHashMap<>();
        for (RefusalKind kind : RefusalKind.values()) byReason.put(kind.key, refused[kind.ordinal()].sum());
        return byReason;
    }

    @Override
    public long getHandshakesRefusedTotal() {
        long total = 0;
        for (LongAdder count : refused) total += count.sum();
        return total;
    }

    /** A refusal count by kind (tests). */
    long refusedCount(RefusalKind kind) {
        return refused[kind.ordinal()].sum();
    }

    @Override public int getOpenSessions() { return (int) sum(EndpointMetrics::getOpenSessions); }
    @Override public long getSessionsOpened() { return sum(EndpointMetrics::getSessionsOpened); }
    @Override public long getSessionsClosed() { return sum(EndpointMetrics::getSessionsClosed); }
    @Override public long getMessagesIn() { return sum(EndpointMetrics::getMessagesIn); }
    @Override public long getMessagesOut() { return sum(EndpointMetrics::getMessagesOut); }
    @Override public long getBytesIn() { return sum(EndpointMetrics::getBytesIn); }
    @Override public long getBytesOut() { return sum(EndpointMetrics::getBytesOut); }
    @Override public long getOutboundBytesQueued() { return sum(EndpointMetrics::getOutboundBytesQueued); }
    @Override public long getSendsRefusedByOutboundBound() { return sum(EndpointMetrics::getSendsRefusedByOutboundBound); }
    @Override public long getBytesBeforeCompressionOut() { return sum(EndpointMetrics::getBytesBeforeCompressionOut); }
    @Override public long getBytesAfterCompressionOut() { return sum(EndpointMetrics::getBytesAfterCompressionOut); }
    @Override public long getBytesBeforeInflationIn() { return sum(EndpointMetrics::getBytesBeforeInflationIn); }
    @Override public long getBytesAfterInflationIn() { return sum(EndpointMetrics::getBytesAfterInflationIn); }

    @Override
    public Map<String, Long> getCloseCodes() {
        Map<Integer, Long> sums = new TreeMap<>();
        for (EndpointMetrics metrics : endpoints.values()) metrics.addCloseCodesTo(sums);
        Map<String, Long> codes = new LinkedHashMap<>();
        sums.forEach((code, count) -> codes.put(Integer.toString(code), count));
        return codes;
    }

    private long sum(ToLongFunction<EndpointMetrics> figure) {
        long sum = 0;
        for (EndpointMetrics metrics : endpoints.values()) sum += figure.applyAsLong(metrics);
        return sum;
    }

    @Override
    public String toString() {
        return "application " + contextPath;
    }
}
