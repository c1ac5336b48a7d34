package io.wsgate.engine;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Defect 5: "0 means no limit" must be true, or 0 is refused with a message naming the setting. */
class WebSocketPolicyTest {

    @Test
    void zeroCloseTimeoutIsRefusedNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WebSocketPolicy().closeTimeout(Duration.ZERO));
        assertTrue(e.getMessage().startsWith("closeTimeout must be positive"), e.getMessage());
        assertTrue(e.getMessage().contains("for ever"), e.getMessage());
    }

    @Test
    void zeroMaxOutboundBytesIsRefusedNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WebSocketPolicy().maxOutboundBytes(0));
        assertTrue(e.getMessage().startsWith("maxOutboundBytes must be positive"), e.getMessage());
        assertTrue(e.getMessage().contains("unbounded"), e.getMessage());
    }

    @Test
    void negativeValuesAreRefusedNamingTheSetting() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new WebSocketPolicy().maxTextMessageSize(-1))
                .getMessage().startsWith("maxTextMessageSize"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new WebSocketPolicy().idleTimeout(Duration.ofMillis(-1)))
                .getMessage().startsWith("idleTimeout"));
    }

    /** Where 0 is accepted it means no limit: a connection with every such limit at 0 takes a large message. */
    @Test
    void zeroMeansNoLimitWhereItIsAccepted() {
        WebSocketPolicy p = new WebSocketPolicy().maxMessageSize(0).maxFramePayload(0).maxFramesPerMessage(0)
                .idleTimeout(Duration.ZERO).pingInterval(Duration.ZERO);
        Harness h = new Harness(p).started();
        byte[] big = new byte[1 << 20];
        h.receive(ClientFrames.frame(0x2, false, big), ClientFrames.frame(0x0, true, big));
        assertEquals(java.util.List.of("open", "binary " + (2 << 20)), h.listener.events());
        h.scheduler.advanceMillis(3_600_000);
        assertTrue(h.connection.isOpen(), "no idle timeout, no ping");
        assertEquals(0, h.scheduler.pending());
    }

    @Test
    void aCopyHasTheSameSettings() {
        WebSocketPolicy p = new WebSocketPolicy().maxOutboundBytes(7).closeTimeout(Duration.ofMillis(9))
                .overflowAction(WebSocketPolicy.OverflowAction.CLOSE_TRY_AGAIN_LATER);
        WebSocketPolicy c = p.copy();
        assertEquals(7, c.maxOutboundBytes());
        assertEquals(Duration.ofMillis(9), c.closeTimeout());
        assertEquals(WebSocketPolicy.OverflowAction.CLOSE_TRY_AGAIN_LATER, c.overflowAction());
    }
}
