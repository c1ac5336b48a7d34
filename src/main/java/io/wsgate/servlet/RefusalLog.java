package io.wsgate.servlet;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Tells the operator why handshakes are refused, without letting a flood of bad requests flood the log: at most one
 * line per kind of refusal per {@link #INTERVAL}, the next one saying how many were suppressed in between. The
 * client gets only a short reason; the rule that refused it (an allow-list, a cap) is for this log.
 */
final class RefusalLog {

    static final Duration INTERVAL = Duration.ofSeconds(60);

    private static final System.Logger LOG = System.getLogger(WebSocketUpgrader.class.getName());

    /** Per kind: when its last line was written, and how many were suppressed since. */
    private static final class Window {
        long lastLogged;
        long suppressed;
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
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
    }

    /**
     * Logs {@code line} unless a line of this {@code kind} went out less than the interval ago (then it is counted).
     * Returns whether it was logged.
     */
    boolean log(Level level, String kind, String line) {
        long now = nanoClock.getAsLong();
        long suppressed;
        Window w = windows.computeIfAbsent(kind, k -> new Window());
        synchronized (w) {
            if (w.lastLogged != 0 && now - w.lastLogged < interval.toNanos()) {
                w.suppressed++;
                return false;
            }
            w.lastLogged = now == 0 ? 1 : now;
            suppressed = w.suppressed;
            w.suppressed = 0;
        }
        sink.log(level, suppressed == 0 ? line
                : line + " (" + suppressed + " more like it in the last " + interval.toSeconds() + " s not logged)");
        return true;
    }
}
