package io.wsgate.engine;

import io.wsgate.protocol.Opcode;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a connection reports for the metrics: whole messages received, sends refused by the outbound bound. */
class ConnectionCountersTest {

    private static final class Counting implements ConnectionCounters {
        final AtomicInteger received = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
        @Override public void messageReceived() { received.incrementAndGet(); }
        @Override public void sendRefusedByOutboundBound() { refused.incrementAndGet(); }
    }

    private final FakeScheduler scheduler = new FakeScheduler();
    private final FakeTransport transport = new FakeTransport(scheduler);
    private final RecordingListener listener = new RecordingListener();
    private final Counting counters = new Counting();

    private WebSocketConnection open(WebSocketPolicy policy) {
        WebSocketConnection connection = new WebSocketConnection(listener, transport, policy, io.wsgate.protocol.Role.SERVER, counters, null, null);
        connection.start();
        return connection;
    }

    @Test
    void aMessageCountsOnceWhateverItsFramesAndControlFramesDoNot() {
        WebSocketConnection connection = open(new WebSocketPolicy());
        connection.onBytes(ClientFrames.wrap(
                ClientFrames.frame(Opcode.TEXT, false, "ab".getBytes()),
                ClientFrames.ping("p"),
                ClientFrames.frame(Opcode.CONTINUATION, false, "c".getBytes()),
                ClientFrames.frame(Opcode.CONTINUATION, true, "d".getBytes()),
                ClientFrames.binary(new byte[3]),
                ClientFrames.pong()));
        assertEquals(2, counters.received.get(), "a text in three frames and a binary message");
        assertTrue(connection.isOpen());
    }

    @Test
    void everySendRefusedByTheBoundIsCountedBeforeTheSenderHearsOfIt() {
        WebSocketConnection connection = open(new WebSocketPolicy().maxOutboundBytes(4096));
        transport.writable = false;
        List<Integer> countSeenByRefusedSender = new ArrayList<>();
        int refusals = 0;
        for (int i = 0; i < 20; i++) {
            Throwable[] failure = new Throwable[1];
            connection.sendBinary(ByteBuffer.allocate(1024), f -> {
                failure[0] = f;
                if (f != null) countSeenByRefusedSender.add(counters.refused.get());
            });
            if (failure[0] != null) {
                assertInstanceOf(OutboundOverflowException.class, failure[0]);
                refusals++;
            }
        }
        assertTrue(refusals > 0, "the bound refused some sends");
        assertEquals(refusals, counters.refused.get());
        for (int i = 0; i < countSeenByRefusedSender.size(); i++) {
            assertEquals(i + 1, countSeenByRefusedSender.get(i), "counted before the callback ran");
        }
    }

    @Test
    void aFrameEndsAMessageWhenItIsTheLastDataFrame() {
        ByteBuffer payload = ByteBuffer.allocate(3);
        assertTrue(OutboundFrame.of(Opcode.TEXT, true, payload, SendCallback.NOOP, null).endsMessage());
        assertTrue(OutboundFrame.of(Opcode.CONTINUATION, true, payload, SendCallback.NOOP, null).endsMessage());
        assertTrue(OutboundFrame.of(Opcode.BINARY, true, ByteBuffer.allocate(20_000), SendCallback.NOOP, null).endsMessage());
        assertFalse(OutboundFrame.of(Opcode.BINARY, false, payload, SendCallback.NOOP, null).endsMessage());
        assertFalse(OutboundFrame.of(Opcode.PING, true, payload, SendCallback.NOOP, null).endsMessage());
        assertFalse(OutboundFrame.of(Opcode.CLOSE, true, payload, SendCallback.NOOP, null).endsMessage());
    }
}
