package io.wsgate.it;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what Tomcat logs at SEVERE while a context starts: Tomcat reports a failing ServletContainerInitializer
 * or listener only in its log and leaves the context FAILED, so this is where a test finds the reason.
 */
final class StartFailureLog extends Handler implements AutoCloseable {

    private static final String LOGGER = "org.apache.catalina";

    private final Logger logger = Logger.getLogger(LOGGER);
    private final List<LogRecord> records = new ArrayList<>();

    private StartFailureLog() {
        setLevel(Level.SEVERE);
    }

    static StartFailureLog capture() {
        StartFailureLog log = new StartFailureLog();
        log.logger.addHandler(log);
        return log;
    }

    @Override
    public synchronized void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.SEVERE.intValue()) records.add(record);
    }

    /** An exception with {@code message}, caused by the first logged failure and carrying the others as suppressed. */
    synchronized IllegalStateException toException(String message) {
        IllegalStateException failure = null;
        for (LogRecord record : records) {
            String text = record.getMessage();
            if (failure == null) {
                failure = new IllegalStateException(message + "; logged: " + text, record.getThrown());
            } else {
                IllegalStateException more = new IllegalStateException("logged: " + text, record.getThrown());
                failure.addSuppressed(more);
            }
        }
        return failure != null ? failure : new IllegalStateException(message + " (nothing logged)");
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
