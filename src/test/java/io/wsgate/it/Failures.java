package io.wsgate.it;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Text of a failure for assertions: the messages of an exception, its causes and suppressed ones. */
public final class Failures {

    private Failures() {}

    public static String messages(Throwable failure) {
        List<String> out = new ArrayList<>();
        collect(failure, out, new IdentityHashMap<>());
        return String.join("\n", out);
    }

    private static void collect(Throwable t, List<String> out, Map<Throwable, Boolean> seen) {
        if (t == null || seen.put(t, Boolean.TRUE) != null) return;
        out.add(t.getClass().getName() + ": " + t.getMessage());
        for (Throwable s : t.getSuppressed()) collect(s, out, seen);
        collect(t.getCause(), out, seen);
    }
}
