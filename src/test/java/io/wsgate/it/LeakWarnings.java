package io.wsgate.it;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what Tomcat's web-application class loader reports when a context stops: threads still running with
 * the application's class loader as their context class loader ("appears to have started a thread named [...] but
 * has failed to stop it"), ThreadLocals and the like. Jetty has no such check; tests look at thread names there.
 */
final class LeakWarnings extends Handler implements AutoCloseable {

    private final Logger logger = Logger.getLogger("org.apache.catalina.loader");
    private final List<String> warnings = new ArrayList<>();

    private LeakWarnings() {
        setLevel(Level.WARNING);
    }

    static LeakWarnings capture() {
        LeakWarnings log = new LeakWarnings();
        log.logger.addHandler(log);
        return log;
    }

    @Override
    public synchronized void publish(LogRecord record) {
        if (record.getLevel().intValue() < Level.WARNING.intValue()) return;
        String text = record.getMessage();
        // Tomcat's notes that a detection is off (it needs --add-opens) are about the test JVM, not the application
        if (text != null && text.contains("--add-opens")) return;
        Object[] params = record.getParameters();
        if (params != null) text = text + " " + java.util.Arrays.toString(params);
        warnings.add(text);
    }

    synchronized List<String> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
