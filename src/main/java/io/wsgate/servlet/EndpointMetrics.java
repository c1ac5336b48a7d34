package io.wsgate.servlet;

import io.wsgate.engine.ConnectionCounters;
import io.wsgate.engine.WebSocketSession;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one endpoint (one path template), shared by its connections and read over JMX. Cost on the hot
 * paths: one {@link LongAdder} add per message received, one per read from the network, and two per batch of
 * writes (bytes and messages together); a {@code LongAdder} takes an uncontended CAS, or spreads contending threads
 * over cells, so no lock and no allocation is added per message. What is open now (sessions, queued bytes) is
 * computed when read, from the set of open sessions, not kept up to date on every send.
 */
final class EndpointMetrics implements ConnectionCounters, EndpointMXBean {

    private final String contextPath;
    private final String path;

    private final Set<WebSocketSession> open = ConcurrentHashMap.newKeySet();
    private final LongAdder opened = new LongAdder();
    private final LongAdder closed = new LongAdder();
    /** Per close code; codes are 1000 to 4999, so this holds a few thousand entries at the very most. */
    private final ConcurrentHashMap<Integer, LongAdder> closeCodes = new ConcurrentHashMap<>();
    private final LongAdder messagesIn = new LongAdder();
    private final LongAdder messagesOut = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder sendsRefused = new LongAdder();
    private final LongAdder beforeCompression = new LongAdder();
    private final LongAdder afterCompression = new LongAdder();
    private final LongAdder beforeInflation = new LongAdder();
    private final LongAdder afterInflation = new LongAdder();

    EndpointMetrics(String contextPath, String path) {
        this.contextPath = contextPath;
        this.path = path;
    }

    // ---- counted by the connections ------------------------------------------------------------------------

    /** A connection of this endpoint opened (before its endpoint's onOpen). */
    void opened(WebSocketSession session) {
        opened.increment();
        open.add(session);
    }

    /** A connection ended; {@code code} is what its endpoint was told. {@code session} null: it never opened. */
    void closed(WebSocketSession session, int code) {
        if (session == null || !open.remove(session)) return;
        closed.increment();
        closeCodes.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    /** {@code n} bytes read from the network. */
    void read(int n) {
        bytesIn.add(n);
    }

    /** One batch of writes: {@code bytes} written, ending {@code messages} messages. */
    void wrote(long bytes, int messages) {
        if (bytes > 0) bytesOut.add(bytes);
        if (messages > 0) messagesOut.add(messages);
    }

    @Override
    public void messageReceived() {
        messagesIn.increment();
    }

    @Override
    public void sendRefusedByOutboundBound() {
        sendsRefused.increment();
    }

    @Override
    public void compressedOutbound(long before, long after) {
        beforeCompression.add(before);
        afterCompression.add(after);
    }

    @Override
    public void inflatedInbound(long before, long after) {
        beforeInflation.add(before);
        afterInflation.add(after);
    }

    // ---- read over JMX -------------------------------------------------------------------------------------

    @Override public String getContextPath() { return contextPath; }
    @Override public String getPath() { return path; }
    @Override public int getOpenSessions() { return open.size(); }
    @Override public long getSessionsOpened() { return opened.sum(); }
    @Override public long getSessionsClosed() { return closed.sum(); }
    @Override public long getMessagesIn() { return messagesIn.sum(); }
    @Override public long getMessagesOut() { return messagesOut.sum(); }
    @Override public long getBytesIn() { return bytesIn.sum(); }
    @Override public long getBytesOut() { return bytesOut.sum(); }
    @Override public long getSendsRefusedByOutboundBound() { return sendsRefused.sum(); }
    @Override public long getBytesBeforeCompressionOut() { return beforeCompression.sum(); }
    @Override public long getBytesAfterCompressionOut() { return afterCompression.sum(); }
    @Override public long getBytesBeforeInflationIn() { return beforeInflation.sum(); }
    @Override public long getBytesAfterInflationIn() { return afterInflation.sum(); }

    @Override
    public Map<String, Long> getCloseCodes() {
        Map<String, Long> codes = new TreeMap<>();
        closeCodes.forEach((code, count) -> codes.put(Integer.toString(code), count.sum()));
        return codes;
    }

    @Override
    public long getOutboundBytesQueued() {
        long queued = 0;
        for (WebSocketSession session : open) queued += session.queuedBytes();
        return queued;
    }

    /** Close codes as numbers, for summing. */
    void addCloseCodesTo(Map<Integer, Long> sums) {
        closeCodes.forEach((code, count) -> sums.merge(code, count.sum(), Long::sum));
    }

    @Override
    public String toString() {
        return "endpoint " + path + " of " + contextPath;
    }
}
