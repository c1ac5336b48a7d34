package io.wsgate.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The read gate the transports share: a request made while a pass runs is not lost but makes one more pass (on the
 * reading thread, never a nested one), unless the transport closed meanwhile. Requests made from inside the pass
 * stand in for another thread's, which the monitor serialises the same way.
 */
class SingleReaderTest {

    private final Object lock = new Object();
    private boolean closed;
    private int passes;
    private int depth;
    private int maxDepth;
    private Runnable duringPass = () -> { };
    private final SingleReader reader = new SingleReader(lock, this::pass, () -> closed);

    private void pass() {
        passes++;
        depth++;
        maxDepth = Math.max(maxDepth, depth);
        Runnable r = duringPass;
        duringPass = () -> { };
        r.run();
        depth--;
    }

    @Test
    void aRequestDuringAPassMakesOneMorePassOnTheReadingThread() {
        duringPass = () -> {
            reader.read();
            reader.read(); // two notes are one more pass, not two
        };
        reader.read();
        assertEquals(2, passes);
        assertEquals(1, maxDepth);
    }

    @Test
    void aResumeNoteDuringAPassMakesOneMorePass() {
        duringPass = () -> {
            synchronized (lock) {
                assertTrue(reader.askReader());
            }
        };
        reader.read();
        assertEquals(2, passes);
        synchronized (lock) {
            assertFalse(reader.askReader(), "no reader once the passes ended");
        }
    }

    @Test
    void noFurtherPassOnceClosed() {
        duringPass = () -> {
            reader.read();
            synchronized (lock) {
                closed = true;
            }
        };
        reader.read();
        assertEquals(1, passes);
    }

    @Test
    void enterAndLeaveTellWhetherSomeoneAskedMeanwhile() {
        synchronized (lock) {
            assertTrue(reader.enter());
        }
        reader.read(); // finds a reader: leaves a note instead of reading
        assertEquals(0, passes);
        synchronized (lock) {
            assertFalse(reader.enter());
            assertTrue(reader.leave());
            assertTrue(reader.enter());
            assertFalse(reader.leave());
        }
        reader.read();
        assertEquals(1, passes);
    }
}
