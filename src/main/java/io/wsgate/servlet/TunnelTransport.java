package io.wsgate.servlet;

import io.wsgate.engine.OutboundFrame;
import io.wsgate.engine.Scheduler;
import io.wsgate.engine.SingleReader;
import io.wsgate.engine.Transport;
import io.wsgate.engine.WebSocketConnection;
import io.wsgate.engine.WebSocketListener;
import io.wsgate.engine.WebSocketPolicy;
import io.wsgate.protocol.DeflateParameters;
import io.wsgate.protocol.Role;

import java.io.EOFException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * WebSocket over an HTTP/2 stream (RFC 8441) on Jetty 12.1: the engine's {@link Transport} over the tunnel's
 * {@code org.eclipse.jetty.io.EndPoint}, which Jetty hands to the {@code Connection} made by
 * {@link TunnelConnectionHandler} once the 200 response is sent. The servlet API cannot do this ({@code upgrade()}
 * is HTTP/1.1 only, and the request's input carries no data for a tunnel), hence Jetty's own non-blocking calls:
 * {@code fill} until it gives 0, then {@code fillInterested} with a callback; one {@code write} at a time, each
 * completing through its callback. No thread waits on a connection.
 *
 * <p>As in {@link ServletTransport}: reads borrow a buffer from the application's {@link ReadBuffers}; reading
 * pauses while the engine's outbound queue is full and resumes on a callback thread (or on the thread completing
 * writes); the engine is never called under this object's lock; application code never runs on the sender's
 * thread inside its own send call except for frames it wrote itself, as with the servlet transport.
 */
final class TunnelTransport implements Transport {

    private static final System.Logger LOG = System.getLogger(TunnelTransport.class.getName());
    /** Largest single write; Jetty cuts it into DATA frames within the peer's flow-control window. */
    private static final int WRITE_CHUNK = 64 * 1024;

    private final JettyTunnelApi api;
    private final Object endPoint;
    private final WebSocketUpgrader upgrader;
    private final Scheduler scheduler;
    private final ReadBuffers readBuffers;
    private final Object readCallback;
    private final Object writeCallback;
    private final Batch batch = new Batch();
    /** The connection's listener (wsgate's tracking wrapper), also what {@link WebSocketUpgrader#destroyed} takes. */
    private final WebSocketListener listener;
    /** Set between the handshake and {@link #opened}. */
    private WebSocketPolicy policy;
    /** Dropped once the connection is closed. */
    private volatile WebSocketConnection connection;
    /** The thread completing a write (Jetty's or a sender's), if any: reading may resume there. */
    private volatile Thread completingThread;

    /** One thread reads at a time, the others leave it a note; its flags are guarded by this, as below. */
    private final SingleReader reading = new SingleReader(this, this::readWhileReady, () -> this.closed);

    // Guarded by this.
    private ArrayDeque<OutboundFrame> queue;
    /** Frames whose bytes are all in the write under way; completed when it completes. */
    private final List<OutboundFrame> inFlight = new ArrayList<>(4);
    private boolean writing;
    /** The thread inside {@code EndPoint.write}: a callback on it completes in the caller's loop, not recursively. */
    private Thread writer;
    private boolean completedInline;
    private Throwable inlineFailure;
    private boolean opened;
    private boolean closeWhenFlushed;
    private boolean closed;
    /** We closed the EndPoint (after the closing handshake, or an abort), rather than Jetty or the peer. */
    private boolean closedByUs;
    private boolean fillPending;
    private boolean resumeAfterWrites;
    /** Where bytes and messages are counted, as by the servlet transport. */
    private final EndpointMetrics metrics;
    /** What permessage-deflate agreed, or null when it was not negotiated. */
    private final DeflateParameters deflate;

    TunnelTransport(JettyTunnelApi api, Object endPoint, WebSocketUpgrader upgrader, WebSocketListener listener,
                    WebSocketPolicy policy, EndpointMetrics metrics, DeflateParameters deflate) {
        this.api = api;
        this.metrics = metrics;
        this.deflate = deflate;
        this.endPoint = endPoint;
        this.upgrader = upgrader;
        this.scheduler = upgrader.threads();
        this.readBuffers = upgrader.readBuffers();
        this.listener = listener;
        this.policy = policy;
        this.readCallback = api.callback(this::fillable, this::readFailed);
        this.writeCallback = api.callback(this::writeSucceeded, this::writeFailed);
    }

    Object endPoint() {
        return endPoint;
    }

    // ---- the Connection's life, as Jetty reports it --------------------------------------------------------

    /** Jetty sent the 200 and handed the tunnel over ({@code Connection.onOpen}). */
    void opened() {
        WebSocketListener l;
        WebSocketPolicy p;
        boolean abandoned;
        synchronized (this) {
            if (opened) return;
            abandoned = closed;
            opened = true;
            l = listener;
            p = policy;
            policy = null;
        }
        if (abandoned) {
            // Jetty reported the 200 as failed (a reset stream) yet opened the tunnel: the handshake did not
            // complete, so the endpoint is never opened; let go of the stream.
            closeEndPoint();
            return;
        }
        if (upgrader.hasStopped()) {
            // The application finished stopping between the handshake and Jetty's hand-off: no timers any more.
            LOG.log(Level.DEBUG, "wsgate: HTTP/2 tunnel opened after the application stopped; closing it");
            upgrader.destroyed(l);
            closeEndPoint();
            return;
        }
        WebSocketConnection c = new WebSocketConnection(l, this, p, Role.SERVER, metrics,
                deflate == null ? null : upgrader.deflate(), deflate);
        connection = c;
        c.start();
        readLoop();
    }

    /**
     * The 200 could not be sent (Jetty reports the exchange failed): the handshake did not complete, and Jetty may never
     * open the tunnel, so the connection's slot is given back now (and a waiting shutdown told it is gone). Nothing
     * happens if the tunnel opened already.
     */
    void handOffFailed(Throwable failure) {
        synchronized (this) {
            if (opened || closed) return;
            closed = true; // should Jetty open the tunnel after all, opened() closes it at once
            policy = null;
        }
        LOG.log(Level.DEBUG, "wsgate: HTTP/2 WebSocket handshake not completed: {0}", String.valueOf(failure));
        upgrader.destroyed(listener);
    }

    /**
     * Jetty closed the EndPoint ({@code Connection.onClose}): after our own close, or because the peer reset the
     * stream, the HTTP/2 connection ended, or the server is stopping. Called once.
     */
    void jettyClosed(Throwable cause) {
        boolean ours;
        List<OutboundFrame> dropped;
        synchronized (this) {
            ours = closedByUs;
            closed = true;
            // A write still pending in Jetty may never complete now: its frames fail here, once (its callback, if it
            // still comes, finds none).
            dropped = new ArrayList<>(takeInFlight());
            if (queue != null) dropped.addAll(queue);
            queue = null;
        }
        IOException failure = new IOException("WebSocket connection is closed");
        for (OutboundFrame frame : dropped) frame.complete(failure);
        WebSocketConnection c = connection;
        connection = null;
        try {
            if (c != null) {
                if (!ours) c.onTransportError(cause != null ? cause : new EOFException("HTTP/2 stream closed"));
                c.onTransportClosed();
            }
        } finally {
            upgrader.destroyed(listener); // frees the connection's slot; shutdown need not wait for it
        }
    }

    // ---- reading -------------------------------------------------------------------------------------------

    private void fillable() {
        synchronized (this) {
            fillPending = false;
        }
        readLoop();
    }

    private void readFailed(Throwable cause) {
        synchronized (this) {
            fillPending = false;
        }
        fail(cause);
    }

    /** Reads while there is input and the engine takes it; one thread at a time, the others leave it a note. */
    private void readLoop() {
        reading.read();
    }

    private void readWhileReady() {
        byte[] buffer = null;
        try {
            while (true) {
                WebSocketConnection c = connection;
                if (c == null || isClosed()) return;
                if (!c.readyForInput()) return; // paused: resumeReading() comes when the queue drains
                if (buffer == null) buffer = readBuffers.take();
                ByteBuffer bytes = ByteBuffer.wrap(buffer);
                bytes.limit(0); // Jetty fills after the limit ("flush mode")
                int n = api.fill(endPoint, bytes);
                if (n < 0) {
                    c.onEndOfStream();
                    return;
                }
                if (n == 0) {
                    fillInterested();
                    return;
                }
                metrics.read(n);
                if (!c.onBytes(bytes)) return; // paused, the rest kept by the engine
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
        } finally {
            if (buffer != null) readBuffers.give(buffer);
        }
    }

    private void fillInterested() {
        synchronized (this) {
            if (fillPending || closed) return;
            fillPending = true;
        }
        try {
            api.fillInterested(endPoint, readCallback);
        } catch (RuntimeException e) {
            synchronized (this) {
                fillPending = false;
            }
            fail(e);
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public void resumeReading() {
        synchronized (this) {
            if (closed) return;
            if (reading.askReader()) return;
            if (completingThread == Thread.currentThread()) {
                resumeAfterWrites = true; // the write completion reads once the callbacks of its frames have run
                return;
            }
        }
        elsewhere(this::readLoop); // not inside the application's send call, not on the timer thread
    }

    // ---- writing -------------------------------------------------------------------------------------------

    @Override
    public Offer enqueue(OutboundFrame frame) {
        synchronized (this) {
            if (closed) return Offer.CLOSED;
            if (queue == null) queue = new ArrayDeque<>(4);
            queue.add(frame);
            return Offer.QUEUED;
        }
    }

    @Override
    public void flush() {
        writeLoop();
    }

    /**
     * Writes batches until the queue is empty or a write is left pending in Jetty (its callback then goes on). A
     * write that Jetty completes inside the {@code write} call is finished here, in a loop, rather than by recursion.
     */
    private void writeLoop() {
        while (true) {
            ByteBuffer bytes;
            synchronized (this) {
                if (writing || closed || !opened) return;
                bytes = nextBatch();
                if (bytes == null) {
                    if (!closeWhenFlushed) return;
                    closed = true;
                    closedByUs = true;
                } else {
                    writing = true;
                    writer = Thread.currentThread();
                    completedInline = false;
                    inlineFailure = null;
                }
            }
            if (bytes == null) {
                closeEndPoint(); // everything queued is written: end our side of the stream, then the stream
                return;
            }
            try {
                api.write(endPoint, writeCallback, bytes);
            } catch (RuntimeException e) {
                synchronized (this) {
                    completedInline = true;
                    inlineFailure = e;
                }
            }
            List<OutboundFrame> done;
            Throwable failure;
            synchronized (this) {
                writer = null;
                if (!completedInline) return; // Jetty completes it later, on writeSucceeded/writeFailed
                writing = false;
                done = takeInFlight();
                failure = inlineFailure;
                inlineFailure = null;
            }
            if (!completeWritten(done, failure)) return;
        }
    }

    /** Under the lock: the next bytes to write, or null if nothing is queued; frames fully in them move to inFlight. */
    private ByteBuffer nextBatch() {
        if (queue == null || queue.isEmpty()) return null;
        try {
            batch.reset();
            while (batch.size < WRITE_CHUNK) {
                OutboundFrame frame = queue.peek();
                if (frame == null) break;
                frame.writeTo(batch, WRITE_CHUNK - batch.size);
                if (!frame.isWritten()) continue; // the rest of a large frame, up to the chunk
                queue.poll();
                inFlight.add(frame);
            }
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible); // the batch never throws
        }
        return batch.take();
    }

    private List<OutboundFrame> takeInFlight() {
        if (inFlight.isEmpty()) return List.of();
        List<OutboundFrame> done = new ArrayList<>(inFlight);
        inFlight.clear();
        return done;
    }

    private void writeSucceeded() {
        writeCompleted(null);
    }

    private void writeFailed(Throwable cause) {
        writeCompleted(cause);
    }

    private void writeCompleted(Throwable failure) {
        List<OutboundFrame> done;
        synchronized (this) {
            if (writer == Thread.currentThread()) {
                completedInline = true; // the loop inside write() finishes it
                inlineFailure = failure;
                return;
            }
            writing = false;
            done = takeInFlight();
        }
        if (completeWritten(done, failure)) writeLoop();
    }

    /**
     * Completes a finished write's frames (send callbacks, the engine's accounting); never under the lock. Returns
     * whether writing may go on. Reading resumes here if the engine asked for it while these callbacks ran.
     */
    private boolean completeWritten(List<OutboundFrame> done, Throwable failure) {
        if (failure == null) {
            long written = 0;
            int messages = 0;
            for (OutboundFrame frame : done) {
                written += frame.size();
                if (frame.endsMessage()) messages++;
            }
            metrics.wrote(written, messages);
        }
        completingThread = Thread.currentThread();
        try {
            for (OutboundFrame frame : done) frame.complete(failure);
        } finally {
            completingThread = null;
        }
        if (failure != null) {
            LOG.log(Level.DEBUG, "wsgate: HTTP/2 tunnel write failed: {0}", String.valueOf(failure));
            elsewhere(() -> fail(failure)); // may be inside an application's send call: tear down elsewhere
            return false;
        }
        boolean read;
        synchronized (this) {
            read = resumeAfterWrites && !closed;
            resumeAfterWrites = false;
        }
        if (read) readLoop();
        return true;
    }

    // ---- closing -------------------------------------------------------------------------------------------

    @Override
    public void closeAfterFlush() {
        synchronized (this) {
            if (closed) return;
            closeWhenFlushed = true;
        }
        writeLoop();
    }

    @Override
    public void abort() {
        List<OutboundFrame> dropped;
        synchronized (this) {
            if (closed) return;
            closed = true;
            closedByUs = true;
            dropped = queue == null ? List.of() : new ArrayList<>(queue);
            queue = null;
        }
        closeEndPoint();
        IOException failure = new IOException("WebSocket connection is closed");
        for (OutboundFrame frame : dropped) frame.complete(failure);
    }

    /** Jetty asked the Connection to close (a stopping connector): the endpoint is told the connection ended. */
    void closeFromJetty() {
        try {
            api.close(endPoint, null);
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "wsgate: closing the HTTP/2 tunnel failed: {0}", String.valueOf(e));
        }
    }

    /** Ends our side of the stream (END_STREAM) and closes the EndPoint; Jetty then calls {@link #jettyClosed}. */
    private void closeEndPoint() {
        try {
            api.shutdownOutput(endPoint);
            api.close(endPoint, null);
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "wsgate: closing the HTTP/2 tunnel failed: {0}", String.valueOf(e));
        }
    }

    private void fail(Throwable cause) {
        WebSocketConnection c = connection;
        if (c != null) c.onTransportError(cause);
    }

    /** Runs {@code task} on a callback thread, not this one; dropped once the application has stopped them. */
    private void elsewhere(Runnable task) {
        try {
            scheduler.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            LOG.log(Level.DEBUG, "wsgate: application stopping, task dropped");
        }
    }

    @Override
    public Scheduler scheduler() {
        return scheduler;
    }

    /**
     * The bytes of one write. A single piece (one frame's header with its inline payload, or a slice of a large
     * payload) is written as it is, without a copy; several are copied into one array, since Jetty would otherwise
     * coalesce them into a fresh direct buffer. Used under the transport's lock only.
     */
    private static final class Batch implements OutboundFrame.ByteSink {
        private byte[] single;
        private int singleOffset;
        private int singleLength;
        private byte[] copy;
        int size;

        void reset() {
            single = null;
            copy = null;
            size = 0;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            if (size == 0) {
                single = bytes;
                singleOffset = offset;
                singleLength = length;
            } else {
                if (copy == null) {
                    copy = new byte[capacity(size + length, 0)];
                    System.arraycopy(single, singleOffset, copy, 0, singleLength);
                    single = null;
                } else if (copy.length < size + length) {
                    copy = java.util.Arrays.copyOf(copy, capacity(size + length, copy.length));
                }
                System.arraycopy(bytes, offset, copy, size, length);
            }
            size += length;
        }

        /** Room for {@code needed} bytes, doubling from what is there, never over {@link #WRITE_CHUNK}. */
        private static int capacity(int needed, int current) {
            int c = Math.max(current * 2, Math.max(needed, 1024));
            return Math.min(c, WRITE_CHUNK);
        }

        ByteBuffer take() {
            ByteBuffer bytes = copy != null ? ByteBuffer.wrap(copy, 0, size) : ByteBuffer.wrap(single, singleOffset, singleLength);
            single = null;
            copy = null;
            return bytes;
        }
    }
}
