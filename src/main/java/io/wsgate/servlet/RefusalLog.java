package io.wsgate.servlet;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Tells the operator why handshakes are refused, at WARNING, without letting a flood of bad requests flood the log:
 * at most one line per {@link RefusalKind} per {@link #INTERVAL}, the next one saying how many were suppressed in
 * between (every refusal is also counted in the application's metrics, suppressed or not). The client gets only a
 * short reason; the rule that refused it (an allow-list, a cap) is for this log.
 */
final class RefusalLog {

    static final Duration INTERVAL = Duration.ofSeconds(60);

    private static final System.Logger LOG = System.getLogger(WebSocketUpgrader.class.getName());

    /** Per kind: when its last line was written, and how many were suppressed since. */
    private static final class Window {
        long lastLogged;
        long suppressed;
    }

    /** One per kind, indexed by ordinal: a fixed set, so nothing a client sends can grow it. */
    private final Window[] windows = new Window[RefusalKind.values().length];
    private final LongSupplier nanoClock;
    private final Duration interval;
    private final Sink sink;

    /** Where lines go; a test replaces the System.Logger. */
    interface Sink {
        void log(Level level, String line);
    }

    RefusalLog() {
        this(System::nanoTime, INTERVAL, (level, line) -> LOG.log(level, line));
    }

    RefusalLog(LongSupplier nanoClock, Duration interval, Sink sink) {
        this.nanoClock = nanoClock;
        this.interval = interval;
        this.sink = sink;
        for (int i = 0; i < windows.length; i++) windows[i] = new Window();
    }

    /**
     * Logs {@code line} at WARNING unless a line of this {@code kind} went out less than the interval ago (then it
     * is counted). Returns whether it was logged.
     */
    boolean log(RefusalKind kind, String line) {
        long now = nanoClock.getAsLong();
        long suppressed;
        Window w = windows[kind.ordinal()];
        synchronized (w) {
            if (w.lastLogged != 0 && now - w.lastLogged < interval.toNanos()) {
                w.suppressed++;
                return false;
            }
            w.lastLogged = now == 0 ? 1 : now;
            suppressed = w.suppressed;
            w.suppressed = 0;
        }
        sink.log(Level.WARNING, suppressed == 0 ? line
                : line + " (" + suppressed + " more like it in the last " + interval.toSeconds() + " s not logged)");
        return true;
    }
}
