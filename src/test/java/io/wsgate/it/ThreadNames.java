package io.wsgate.it;

import java.util.Map;
import java.util.TreeMap;

/** The JVM's live threads counted by name with digits removed, for reports of thread counts that differ. */
final class ThreadNames {

    private ThreadNames() {}

    static String summary() {
        Map<String, Integer> counts = new TreeMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            counts.merge(thread.getName().replaceAll("\\d+", "#"), 1, Integer::sum);
        }
        return counts.toString();
    }
}
