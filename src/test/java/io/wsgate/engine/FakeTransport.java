package io.wsgate.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A transport in memory: frames queue until the test lets the output take them ({@link #writable}); what is
 * written is recorded as decoded frames. Records closing, aborting and requests to resume reading.
 */
final class FakeTransport implements Transport {

    /** A frame as the peer would read it. */
    record Frame(int opcode, boolean fin, byte[] payload, int rsv) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }

        @Override
        public String toString() {
            return opcode + (fin ? " fin " : " more ") + text();
        }
    }

    final FakeScheduler scheduler;
    final ArrayDeque<OutboundFrame> queue = new ArrayDeque<>();
    final List<Frame> written = new ArrayList<>();
    boolean writable = true;
    boolean closeAfterFlush;
    boolean closed;
    boolean aborted;
    int resumeRequests;
    /** Flushes that wrote at least one frame: the writes a container would see. */
    int writes;

    FakeTransport(FakeScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public synchronized Offer enqueue(OutboundFrame frame) {
        if (closed) return Offer.CLOSED;
        queue.add(frame);
        return Offer.QUEUED;
    }

    @Override
    public void flush() {
        List<OutboundFrame> done = new ArrayList<>();
        synchronized (this) {
            if (!writable || closed) return;
            OutboundFrame f;
            if (!queue.isEmpty()) writes++;
            while ((f = queue.poll()) != null) {
                written.add(decode(f));
                done.add(f);
            }
            if (closeAfterFlush) closed = true;
        }
        for (OutboundFrame f : done) f.complete(null);
    }

    /** The peer reads everything queued. */
    void drain() {
        synchronized (this) {
            writable = true;
        }
        flush();
    }

    @Override
    public void closeAfterFlush() {
        synchronized (this) {
            closeAfterFlush = true;
        }
        flush();
    }

    @Override
    public void abort() {
        List<OutboundFrame> dropped;
        synchronized (this) {
            if (closed && aborted) return;
            closed = true;
            aborted = true;
            dropped = new ArrayList<>(queue);
            queue.clear();
        }
        for (OutboundFrame f : dropped) f.complete(new IOException("closed"));
    }

    @Override
    public synchronized void resumeReading() {
        resumeRequests++;
    }

    @Override
    public Scheduler scheduler() {
        return scheduler;
    }

    synchronized List<Frame> written() {
        return new ArrayList<>(written);
    }

    synchronized Frame lastWritten() {
        return written.isEmpty() ? null : written.get(written.size() - 1);
    }

    static Frame decode(OutboundFrame f) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            while (!f.isWritten()) f.writeTo(out::write, 1 << 20);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        byte[] b = out.toByteArray();
        int len7 = b[1] & 0x7F;
        int h = len7 <= 125 ? 2 : len7 == 126 ? 4 : 10;
        byte[] payload = java.util.Arrays.copyOfRange(b, h, b.length);
        return new Frame(b[0] & 0x0F, (b[0] & 0x80) != 0, payload, b[0] & 0x70);
    }
}
