package io.wsgate.it;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Collects what wsgate logs (System.Logger, which the JDK sends to java.util.logging without a provider of its own)
 * at INFO and above under "io.wsgate", as "LEVEL message" lines, for tests of what the operator is told.
 */
public final class WsgateLog extends Handler implements AutoCloseable {

    private final Logger logger = Logger.getLogger("io.wsgate");
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final List<String> lines = new ArrayList<>();

    private WsgateLog() {
        setLevel(Level.INFO);
    }

    public static WsgateLog capture() {
        WsgateLog log = new WsgateLog();
        log.logger.addHandler(log);
        return log;
    }

    @Override
    public synchronized void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.INFO.intValue()) {
            lines.add(record.getLevel() + " " + formatter.formatMessage(record));
        }
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** The lines at {@code level} containing {@code text}. */
    public List<String> matching(Level level, String text) {
        return lines().stream().filter(l -> l.startsWith(level + " ") && l.contains(text)).toList();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
