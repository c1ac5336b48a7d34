package io.wsgate.engine;

import io.wsgate.protocol.Opcode;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Batching (issue 9): while on, sends are queued but not handed to the output until a flush, a full batch or
 * batching turned off; their callbacks run when they are written; the close frame still goes last.
 */
class BatchingTest {

    private final Harness h = new Harness(new WebSocketPolicy()).started();
    private final AtomicInteger completed = new AtomicInteger();
    private final SendCallback counting = failure -> {
        if (failure == null) completed.incrementAndGet();
    };

    private void sendSmall(int count) {
        for (int i = 0; i < count; i++) h.connection.sendText("m" + i, counting);
    }

    @Test
    void withoutBatchingEverySendIsItsOwnWrite() {
        sendSmall(100);
        assertEquals(100, h.transport.writes);
        assertEquals(100, completed.get());
    }

    @Test
    void aBatchIsHeldUntilFlushedThenWrittenAtOnceAndCompletedThen() {
        h.connection.batching(true);
        assertTrue(h.connection.isBatching());
        sendSmall(100);
        assertEquals(0, h.transport.written().size(), "held back");
        assertEquals(0, completed.get(), "not completed before written");
        h.connection.flushBatch();
        assertEquals(1, h.transport.writes);
        assertEquals(100, h.transport.written().size());
        assertEquals("m0", h.transport.written().get(0).text());
        assertEquals("m99", h.transport.written().get(99).text());
        assertEquals(100, completed.get());
        assertEquals(0, h.connection.queuedBytes(), "budget given back");
    }

    @Test
    void aFullBatchIsWrittenWithoutAFlush() {
        h.connection.batching(true);
        int size = 1000;
        int perBatch = (OutboundMessages.BATCH_BYTES + size - 1) / size;
        for (int i = 0; i < perBatch - 1; i++) h.connection.sendBinary(ByteBuffer.allocate(size), counting);
        assertEquals(0, h.transport.writes);
        h.connection.sendBinary(ByteBuffer.allocate(size), counting);
        assertEquals(1, h.transport.writes, "the batch filled");
        assertEquals(perBatch, completed.get());
        h.connection.sendBinary(ByteBuffer.allocate(size), counting);
        assertEquals(1, h.transport.writes, "a new batch starts");
    }

    @Test
    void turningBatchingOffWritesTheBatch() {
        h.connection.batching(true);
        sendSmall(10);
        assertEquals(0, h.transport.writes);
        h.connection.batching(false);
        assertFalse(h.connection.isBatching());
        assertEquals(1, h.transport.writes);
        assertEquals(10, completed.get());
        sendSmall(1);
        assertEquals(2, h.transport.writes, "written at once again");
    }

    @Test
    void theCloseFrameFollowsTheBatch() {
        h.connection.batching(true);
        sendSmall(3);
        h.connection.close(1000, "bye");
        List<FakeTransport.Frame> written = h.transport.written();
        assertEquals(4, written.size());
        assertEquals(Opcode.CLOSE, written.get(3).opcode());
        assertEquals(3, completed.get());
    }

    @Test
    void aSlowOutputStillGetsTheBatchOnceWritable() {
        h.transport.writable = false;
        h.connection.batching(true);
        sendSmall(5);
        h.connection.flushBatch();
        assertEquals(0, completed.get());
        h.transport.drain();
        assertEquals(5, completed.get());
    }
}
