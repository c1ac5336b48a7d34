package io.wsgate.jakarta.remote;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A container thread that has left the engine keeps nothing of this layer's: a pooled thread outlives the web
 * application, and a ThreadLocal value left on it would pin the application's class loader after undeploy.
 */
class EngineThreadTest {

    @Test
    void leavingTheOutermostEngineCallLeavesNoThreadLocalBehind() {
        EngineThread.enter();
        EngineThread.enter();
        assertTrue(EngineThread.isCurrent());
        EngineThread.exit();
        assertTrue(EngineThread.isCurrent(), "still inside the outer call");
        EngineThread.exit();
        assertFalse(EngineThread.isCurrent());
        assertFalse(EngineThread.holdsThreadLocal(), "nothing left on the thread at depth 0");
    }
}
