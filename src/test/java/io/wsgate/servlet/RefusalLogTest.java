package io.wsgate.servlet;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A flood of refused handshakes writes one WARNING line per kind per interval, then says how many it left out. */
class RefusalLogTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final List<String> lines = new ArrayList<>();
    private final RefusalLog log = new RefusalLog(now::get, Duration.ofSeconds(60), (level, line) -> lines.add(level + " " + line));

    @Test
    void aFloodIsOneLinePerKindPerInterval() {
        for (int i = 0; i < 10_000; i++) log.log(RefusalKind.ORIGIN, "refused " + i);
        log.log(RefusalKind.MAX_CONNECTIONS, "cap");
        assertEquals(List.of("WARNING refused 0", "WARNING cap"), lines);

        now.addAndGet(Duration.ofSeconds(59).toNanos());
        log.log(RefusalKind.ORIGIN, "still refused");
        assertEquals(2, lines.size(), "within the interval");

        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertTrue(log.log(RefusalKind.ORIGIN, "refused later"));
        assertEquals("WARNING refused later (10000 more like it in the last 60 s not logged)", lines.get(2));

        now.addAndGet(Duration.ofSeconds(61).toNanos());
        log.log(RefusalKind.ORIGIN, "quiet since");
        assertEquals("WARNING quiet since", lines.get(3), "nothing was suppressed in between");
    }

    @Test
    void malformedRequestsAreWarningsTooEachReasonOnItsOwn() {
        log.log(RefusalKind.VERSION, "bad version");
        log.log(RefusalKind.KEY, "bad key");
        log.log(RefusalKind.METHOD, "POST");
        log.log(RefusalKind.VERSION, "bad version again");
        assertEquals(List.of("WARNING bad version", "WARNING bad key", "WARNING POST"), lines,
                "a flood of one malformation does not hide another");
    }
}
