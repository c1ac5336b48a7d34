package io.wsgate.servlet;

import io.wsgate.engine.OutboundFrame;
import io.wsgate.engine.Scheduler;
import io.wsgate.engine.Transport;
import io.wsgate.engine.WebSocketConnection;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.WebConnection;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Non-blocking servlet I/O for one upgraded connection: a {@link ReadListener} feeding the engine and a
 * {@link WriteListener} draining its queue. No thread is held while the peer is quiet or slow.
 *
 * <p>Reads use a buffer borrowed from the application's {@link ReadBuffers}, not one per connection: the engine
 * parses every byte before the read returns (or, when it must pause, copies the few it did not reach), so an idle
 * connection owns no read buffer at all. When the peer sends faster than it reads our answers, the engine stops
 * parsing as soon as the outbound queue is full and reading stays paused until it drains
 * ({@link #resumeReading}): TCP pushes back on the peer and memory stays bounded.
 *
 * <p>The engine is never called while this object's lock is held, so listener code may send from any thread
 * without lock-order trouble. Reads resumed from a sender's or a timer's thread run on the application's callback
 * threads ({@link WsgateThreads}), never on the sender's thread and never on the timer thread.
 */
final class ServletTransport implements Transport, ReadListener, WriteListener, OutboundFrame.ByteSink {

    private static final System.Logger LOG = System.getLogger(ServletTransport.class.getName());
    /** Largest single write: keeps what the container buffers for us small, so isReady() reports backpressure. */
    private static final int WRITE_CHUNK = 64 * 1024;

    private final WebConnection webConnection;
    private final ServletInputStream in;
    private final ServletOutputStream out;
    private final Scheduler scheduler;
    private final ContainerQuirks quirks;
    private final ReadBuffers readBuffers;
    /** Dropped once the connection is closed, so a container that keeps this listener a while keeps nothing else. */
    private volatile WebSocketConnection connection;
    /** The container thread inside one of our listener callbacks, if any. */
    private volatile Thread containerThread;

    // Guarded by this.
    private ArrayDeque<OutboundFrame> queue;
    private boolean writeStarted;
    private boolean awaitingWritePossible;
    private boolean needsFlush;
    private boolean closeWhenFlushed;
    private boolean closed;
    /** Set under the lock when the WebConnection should be closed; done by {@link #closeIfRequested} outside it. */
    private boolean closeRequested;
    /** A thread is in {@link #readLoop}: only one reads at a time. */
    private boolean readerActive;
    /** Someone asked to read while a read was running: it reads again before it stops. */
    private boolean readAgain;
    /** Reading may resume, on the container thread now completing writes, once its send callbacks have run. */
    private boolean resumeAfterWrites;

    ServletTransport(WebConnection webConnection, Scheduler scheduler, ContainerQuirks quirks, ReadBuffers readBuffers)
            throws IOException {
        this.webConnection = webConnection;
        this.in = webConnection.getInputStream();
        this.out = webConnection.getOutputStream();
        this.scheduler = scheduler;
        this.quirks = quirks;
        this.readBuffers = readBuffers;
    }

    /**
     * Wires the listeners and opens the connection. The write listener comes first: the container accepts
     * isReady() only once a listener is set, and the endpoint may send from onOpen.
     */
    void start(WebSocketConnection connection) {
        this.connection = connection;
        out.setWriteListener(this);
        synchronized (this) {
            writeStarted = true;
        }
        connection.start();
        in.setReadListener(this);
    }

    // ---- reading -------------------------------------------------------------------------------------------

    @Override
    public void onDataAvailable() {
        containerThread = Thread.currentThread();
        try {
            readLoop();
        } finally {
            containerThread = null;
        }
    }

    /** Reads while there is input and the engine takes it; one thread at a time, the others leave it a note. */
    private void readLoop() {
        synchronized (this) {
            if (readerActive) {
                readAgain = true;
                return;
            }
            readerActive = true;
            readAgain = false;
        }
        do {
            readWhileReady();
        } while (!stopReading());
    }

    /** Ends the read loop unless someone asked to read meanwhile (a resume, or the container's data event). */
    private synchronized boolean stopReading() {
        if (readAgain && !closed) {
            readAgain = false;
            return false;
        }
        readerActive = false;
        return true;
    }

    private void readWhileReady() {
        byte[] buffer = null;
        try {
            while (true) {
                WebSocketConnection c = connection;
                if (c == null || isClosed()) return;
                if (!c.readyForInput()) return; // paused: resumeReading() comes when the queue drains
                if (!in.isReady()) return; // the container calls onDataAvailable when more arrives
                if (buffer == null) buffer = readBuffers.take();
                int n = in.read(buffer);
                if (n < 0) {
                    c.onEndOfStream();
                    return;
                }
                if (n > 0 && !c.onBytes(ByteBuffer.wrap(buffer, 0, n))) return; // paused, the rest kept by the engine
            }
        } catch (IOException e) {
            fail(e);
        } finally {
            if (buffer != null) readBuffers.give(buffer);
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public void resumeReading() {
        synchronized (this) {
            if (closed) return;
            if (readerActive) {
                readAgain = true;
                return;
            }
            if (containerThread == Thread.currentThread()) {
                resumeAfterWrites = true; // onWritePossible reads once the callbacks of its writes have run
                return;
            }
        }
        // not inside the application's send call, not on the timer thread
        elsewhere(quirks.readsOnContainerThreads() ? this::resumeForContainer : this::readLoop);
    }

    /**
     * A resume on a container that must read its socket on its own threads (Tomcat, see ContainerQuirks): parses
     * what the engine kept while paused here, and leaves reading the socket to a read event asked of the container.
     */
    private void resumeForContainer() {
        synchronized (this) {
            if (readerActive || closed) {
                readAgain = true;
                return;
            }
            readerActive = true;
            readAgain = false;
        }
        boolean readSocket = false;
        try {
            WebSocketConnection c = connection;
            readSocket = c != null && !isClosed() && c.readyForInput();
        } finally {
            synchronized (this) {
                readerActive = false;
                // A read event that came meanwhile found us active and left: it needs asking again.
                readSocket |= readAgain && !closed;
                readAgain = false;
            }
        }
        if (readSocket && !quirks.requestReadDispatch(webConnection)) readLoop();
    }

    @Override
    public void onAllDataRead() {
        containerThread = Thread.currentThread();
        try {
            WebSocketConnection c = connection;
            if (c != null) c.onEndOfStream();
        } finally {
            containerThread = null;
        }
    }

    @Override
    public void onError(Throwable cause) {
        containerThread = Thread.currentThread();
        try {
            fail(cause);
        } finally {
            containerThread = null;
        }
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
        List<OutboundFrame> done = new ArrayList<>(2);
        synchronized (this) {
            if (closed || !writeStarted || awaitingWritePossible) return;
            writeSome(done);
        }
        complete(done); // even after a failed write: the frames before it were written
    }

    @Override
    public void onWritePossible() {
        containerThread = Thread.currentThread();
        try {
            List<OutboundFrame> done = new ArrayList<>(2);
            boolean written;
            synchronized (this) {
                awaitingWritePossible = false;
                if (closed) return;
                written = writeSome(done);
            }
            complete(done); // even after a failed write: the frames before it were written
            if (!written) return; // no read on a connection being torn down
            boolean read;
            synchronized (this) {
                read = resumeAfterWrites && !closed;
                resumeAfterWrites = false;
            }
            if (read) readLoop();
        } finally {
            containerThread = null;
        }
    }

    /**
     * Writes while the output is ready; under the lock. Returns false if writing failed: the connection is then
     * torn down by {@link #fail} on a callback thread, since the engine must not be called under this lock. Either
     * way the frames fully written are in {@code done}, for the caller to complete: the abort that follows a
     * failure fails only what is still queued.
     */
    private boolean writeSome(List<OutboundFrame> done) {
        try {
            while (true) {
                if (!out.isReady()) {
                    awaitingWritePossible = true; // the container calls onWritePossible
                    return true;
                }
                OutboundFrame frame = queue == null ? null : queue.peek();
                if (frame == null) {
                    if (needsFlush) {
                        needsFlush = false;
                        out.flush();
                        continue;
                    }
                    if (closeWhenFlushed) closeStreams();
                    return true;
                }
                frame.writeTo(this, WRITE_CHUNK);
                needsFlush = true;
                if (frame.isWritten()) {
                    queue.poll();
                    done.add(frame);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "wsgate: write failed: {0}", String.valueOf(e));
            awaitingWritePossible = true; // write no more; fail() tears the connection down
            elsewhere(() -> fail(e));
            return false;
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
    }

    /** Completes the frames written (send callbacks, the engine's accounting); never under the lock. */
    private void complete(List<OutboundFrame> done) {
        closeIfRequested();
        for (OutboundFrame frame : done) {
            frame.complete(null);
        }
    }

    // ---- closing -------------------------------------------------------------------------------------------

    @Override
    public void closeAfterFlush() {
        synchronized (this) {
            if (closed) return;
            closeWhenFlushed = true;
        }
        flush();
    }

    @Override
    public void abort() {
        List<OutboundFrame> dropped;
        synchronized (this) {
            if (closed) return;
            dropped = queue == null ? List.of() : new ArrayList<>(queue);
            queue = null;
            closeStreams();
        }
        closeIfRequested();
        IOException failure = new IOException("WebSocket connection is closed");
        for (OutboundFrame frame : dropped) {
            frame.complete(failure);
        }
    }

    /** Under the lock: no more I/O; the WebConnection is closed once the lock is released. */
    private void closeStreams() {
        closed = true;
        closeRequested = true;
    }

    /**
     * Closes both streams by closing the WebConnection, so the container lets go of it (Tomcat keeps calling
     * back and Jetty never calls destroy() otherwise). Outside the lock: the container may call back.
     */
    private void closeIfRequested() {
        synchronized (this) {
            if (!closeRequested) return;
            closeRequested = false;
        }
        try {
            webConnection.close();
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "wsgate: closing the connection failed: {0}", String.valueOf(e));
        }
        if (containerThread != Thread.currentThread()) quirks.closedOffContainerThread(webConnection);
        // The engine has told the endpoint already (it ends before it closes the transport).
        WebSocketConnection c = connection;
        connection = null;
        if (c != null) c.onTransportClosed();
    }

    private void fail(Throwable cause) {
        WebSocketConnection c = connection;
        if (c != null) c.onTransportError(cause);
    }

    /** The container is done with the connection (HttpUpgradeHandler.destroy). */
    void destroyed() {
        boolean wasOpen;
        synchronized (this) {
            wasOpen = !closed;
        }
        WebSocketConnection c = connection;
        if (wasOpen && c != null) {
            c.onTransportError(new java.io.EOFException("connection ended by the container"));
        }
        connection = null;
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
}
