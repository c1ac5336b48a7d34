package io.wsgate.servlet;

import io.wsgate.engine.OutboundFrame;
import io.wsgate.engine.Scheduler;
import io.wsgate.engine.SingleReader;
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
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

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
 *
 * <p>Writing while one of the container's callbacks runs: Tomcat delivers no onWritePossible while the
 * connection's thread is inside a callback (Jetty may deliver it on another thread), so an endpoint waiting there
 * for its send would wait for nothing. A send on that thread is written on it whenever the output takes it (on
 * Tomcat, whose isReady() stays false until its own onWritePossible, see {@link ContainerQuirks#writableInCallback});
 * a sender that must wait there writes from it until its send is done ({@link #writeUntil}); and if the callback is
 * still running a moment after the output filled (an endpoint waiting for a SendHandler), a callback thread writes
 * for it until the queue is empty or the callback returns ({@link #helpWhileCallbackRuns}), giving its thread back
 * between tries while the output takes nothing.
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
    /** Where bytes read and written, and messages written, are counted: once per read, once per batch of writes. */
    private final EndpointMetrics metrics;
    /** Dropped once the connection is closed, so a container that keeps this listener a while keeps nothing else. */
    private volatile WebSocketConnection connection;
    /** The container thread inside our read callbacks (or {@link #start}), and inside onWritePossible, if any. */
    private volatile Thread readThread;
    private volatile Thread writeThread;
    /** Callbacks begun so far (a few lost counts are harmless): tells a helper whether the one that armed it ended. */
    private volatile int callbacksBegun;
    /** One thread reads at a time, the others leave it a note; its flags are guarded by this, as below. */
    private final SingleReader reading = new SingleReader(this, this::readWhileReady, () -> this.closed);

    /** A helper waits this long for the callback to return before it writes: most callbacks return at once. */
    private static final long HELP_DELAY_NANOS = 1_000_000;
    /** Polling bounds while the output is full and no write event can come. */
    private static final long POLL_MIN_NANOS = 50_000;
    private static final long POLL_MAX_NANOS = 2_000_000;
    /**
     * A helper that saw no progress for this long gives its callback thread back and tries again after
     * {@link #HELP_RETRY_NANOS}: a peer that stopped reading must not hold a shared thread for as long as the
     * callback runs (for ever, with no send timeout), one per such connection.
     */
    private static final long HELP_STALL_NANOS = 50_000_000;
    private static final long HELP_RETRY_NANOS = 200_000_000;

    // Guarded by this.
    private ArrayDeque<OutboundFrame> queue;
    private boolean writeStarted;
    private boolean awaitingWritePossible;
    private boolean needsFlush;
    private boolean closeWhenFlushed;
    private boolean closed;
    /** Set under the lock when the WebConnection should be closed; done by {@link #closeIfRequested} outside it. */
    private boolean closeRequested;
    /** Reading may resume, on the container thread now completing writes, once its send callbacks have run. */
    private boolean resumeAfterWrites;
    /** A write failed: nothing more is written, the connection is being torn down. */
    private boolean writeFailed;
    /** Writes and flushes handed to the output: a poller's measure of progress. */
    private long outputCalls;
    /** A helper is scheduled or running; helpRequested: schedule one once the lock is released. */
    private boolean helperArmed;
    private boolean helpRequested;
    /** Senders writing from their callback thread while they wait ({@link #writeUntil}). */
    private int waitersWriting;
    /** The thread polling the output, if any: woken when another thread completes frames. */
    private volatile Thread poller;
    private Thread helpedThread;
    private int helpedCallback;

    ServletTransport(WebConnection webConnection, Scheduler scheduler, ContainerQuirks quirks, ReadBuffers readBuffers,
                     EndpointMetrics metrics) throws IOException {
        this.webConnection = webConnection;
        this.in = webConnection.getInputStream();
        this.out = webConnection.getOutputStream();
        this.scheduler = scheduler;
        this.quirks = quirks;
        this.readBuffers = readBuffers;
        this.metrics = metrics;
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
        // The container's thread, in its upgrade callback: onOpen's sends are written as in any other callback.
        Thread previous = enterRead();
        try {
            connection.start();
        } finally {
            readThread = previous;
        }
        in.setReadListener(this);
    }

    // ---- reading -------------------------------------------------------------------------------------------

    @Override
    public void onDataAvailable() {
        Thread previous = enterRead();
        try {
            readLoop();
        } finally {
            readThread = previous;
        }
    }

    private Thread enterRead() {
        Thread previous = readThread;
        readThread = Thread.currentThread();
        callbacksBegun++;
        return previous;
    }

    /** Whether the calling thread is inside one of the container's callbacks of this connection. */
    private boolean inCallback(Thread thread) {
        return readThread == thread || writeThread == thread;
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
                if (!in.isReady()) return; // the container calls onDataAvailable when more arrives
                if (buffer == null) buffer = readBuffers.take();
                int n = in.read(buffer);
                if (n < 0) {
                    c.onEndOfStream();
                    return;
                }
                metrics.read(n);
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
            if (reading.askReader()) return;
            if (writeThread == Thread.currentThread()) {
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
            // A closed transport reads no more: what a note would ask is never done (closed is never undone).
            if (closed || !reading.enter()) return;
        }
        boolean readSocket = false;
        try {
            WebSocketConnection c = connection;
            readSocket = c != null && !isClosed() && c.readyForInput();
        } finally {
            synchronized (this) {
                // A read event that came meanwhile found us active and left: it needs asking again.
                readSocket |= reading.leave() && !closed;
            }
        }
        if (readSocket && !quirks.requestReadDispatch(webConnection)) readLoop();
    }

    @Override
    public void onAllDataRead() {
        Thread previous = enterRead();
        try {
            WebSocketConnection c = connection;
            if (c != null) c.onEndOfStream();
        } finally {
            readThread = previous;
        }
    }

    @Override
    public void onError(Throwable cause) {
        Thread previous = enterRead();
        try {
            fail(cause);
        } finally {
            readThread = previous;
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
        boolean help;
        synchronized (this) {
            if (closed || !writeStarted) return;
            // On the container's thread inside a callback the write event may never come while it runs: try anyway.
            boolean duringCallback = inCallback(Thread.currentThread());
            if (awaitingWritePossible && !duringCallback) {
                helpBusyCallback();
            } else {
                writeSome(done, duringCallback);
                // Another thread's send that filled the output: the same, or the rest waits for the next send.
                if (awaitingWritePossible && !duringCallback && !writeFailed) helpBusyCallback();
            }
            help = takeHelpRequest();
        }
        if (help) armHelper();
        complete(done); // even after a failed write: the frames before it were written
    }

    @Override
    public boolean writeUntil(BooleanSupplier done) {
        if (!inCallback(Thread.currentThread())) return false;
        if (!done.getAsBoolean()) pump(done, false); // usually written within the send call already
        return true;
    }

    /**
     * Schedules a helper: if the callback that filled the output is still running when it starts (the endpoint is
     * waiting in it, say for a SendHandler), it writes in its place.
     */
    private void armHelper() {
        try {
            scheduler.schedule(this::helpWhileCallbackRuns, HELP_DELAY_NANOS);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            synchronized (this) {
                helperArmed = false;
            }
        }
    }

    /** Writes, on a callback thread, while the callback that armed it runs and something is queued. */
    private void helpWhileCallbackRuns() {
        pump(() -> callbacksBegun != helpedCallback || !inCallback(helpedThread)
                || (queue == null || queue.isEmpty()) && !needsFlush, true);
    }

    /**
     * Writes from this thread as the output takes it, polling (no write event comes while the callback runs),
     * until {@code until} answers true (checked under the lock), the connection closes, a write fails or the
     * thread is interrupted; a helper also stops when the output stalls ({@link #HELP_STALL_NANOS}), and tries again.
     */
    private void pump(BooleanSupplier until, boolean helper) {
        Thread self = Thread.currentThread();
        boolean help = false;
        synchronized (this) {
            if (!helper) waitersWriting++;
        }
        poller = self;
        boolean retryLater = false;
        try {
            long pause = POLL_MIN_NANOS;
            long lastProgress = System.nanoTime();
            while (true) {
                List<OutboundFrame> done = new ArrayList<>(2);
                boolean progress;
                synchronized (this) {
                    // A helper steps aside while a waiter writes: one poller is enough.
                    if (closed || writeFailed || until.getAsBoolean() || helper && waitersWriting > 0) {
                        if (helper) {
                            helperArmed = false;
                        } else if (!closed && !writeFailed && awaitingWritePossible && !helperArmed
                                && queue != null && !queue.isEmpty() && inCallback(self)) {
                            requestHelp(self); // frames queued behind ours: the callback may go on to wait for them
                            help = takeHelpRequest();
                        }
                        break;
                    }
                    long before = outputCalls;
                    writeSome(done, true);
                    progress = outputCalls != before || !done.isEmpty();
                    help = takeHelpRequest();
                }
                if (help) armHelper();
                help = false;
                complete(done);
                if (self.isInterrupted()) {
                    if (helper) {
                        synchronized (this) {
                            helperArmed = false;
                        }
                    }
                    return;
                }
                if (progress) {
                    pause = POLL_MIN_NANOS;
                    if (helper) lastProgress = System.nanoTime();
                } else if (helper && System.nanoTime() - lastProgress >= HELP_STALL_NANOS) {
                    retryLater = true; // still armed: the retry, or the callback returning, ends it
                    break;
                } else {
                    // Woken early when another thread (Jetty's onWritePossible) completes frames.
                    LockSupport.parkNanos(this, pause);
                    pause = Math.min(pause * 2, POLL_MAX_NANOS);
                }
            }
        } finally {
            if (poller == self) poller = null;
            if (!helper) {
                synchronized (this) {
                    waitersWriting--;
                }
            }
        }
        if (help) armHelper();
        if (retryLater) scheduleRetry();
        complete(List.of()); // a close requested by the last write
    }

    /**
     * A stalled helper's next try. A callback that began meanwhile found the helper armed and asked for none: if one
     * runs now, it is the one helped.
     */
    private void retryHelp() {
        synchronized (this) {
            Thread busy = readThread != null ? readThread : writeThread;
            if (callbacksBegun != helpedCallback && busy != null) {
                helpedThread = busy;
                helpedCallback = callbacksBegun;
            }
        }
        helpWhileCallbackRuns();
    }

    /** A stalled helper's next try, off any thread meanwhile; the frames stay queued for it or onWritePossible. */
    private void scheduleRetry() {
        try {
            scheduler.schedule(this::retryHelp, HELP_RETRY_NANOS);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            synchronized (this) {
                helperArmed = false;
            }
        }
    }

    @Override
    public void onWritePossible() {
        Thread previous = writeThread;
        writeThread = Thread.currentThread();
        callbacksBegun++;
        try {
            List<OutboundFrame> done = new ArrayList<>(2);
            boolean written;
            synchronized (this) {
                awaitingWritePossible = false;
                if (closed) return;
                written = writeSome(done, false);
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
            writeThread = previous;
        }
    }

    /**
     * Writes while the output is ready; under the lock. Returns false if writing failed: the connection is then
     * torn down by {@link #fail} on a callback thread, since the engine must not be called under this lock. Either
     * way the frames fully written are in {@code done}, for the caller to complete: the abort that follows a
     * failure fails only what is still queued.
     */
    private boolean writeSome(List<OutboundFrame> done, boolean duringCallback) {
        if (writeFailed) return false;
        long written = 0;
        int messages = 0;
        try {
            while (true) {
                if (!outputReady(duringCallback)) return true;
                OutboundFrame frame = queue == null ? null : queue.peek();
                if (frame == null) {
                    if (needsFlush) {
                        needsFlush = false;
                        outputCalls++;
                        out.flush();
                        continue;
                    }
                    if (closeWhenFlushed) closeStreams();
                    return true;
                }
                written += frame.writeTo(this, WRITE_CHUNK);
                needsFlush = true;
                if (frame.isWritten()) {
                    queue.poll();
                    done.add(frame);
                    if (frame.endsMessage()) messages++;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "wsgate: write failed: {0}", String.valueOf(e));
            awaitingWritePossible = true; // write no more; fail() tears the connection down
            writeFailed = true;
            elsewhere(() -> fail(e));
            return false;
        } finally {
            metrics.wrote(written, messages);    // once per batch, not per frame
        }
    }

    /**
     * Under the lock. Whether the output takes a write now; if not, the container owes an onWritePossible. During
     * a callback of the container (the caller is in one, or helps one) a container whose isReady() stays false
     * while the callback runs is asked the quirk's way, and a helper is requested in case the callback waits.
     */
    private boolean outputReady(boolean duringCallback) throws IOException {
        if (out.isReady()) return true;
        awaitingWritePossible = true; // the container calls onWritePossible
        if (!duringCallback) return false;
        if (quirks.writableInCallback(out)) return true;
        Thread current = Thread.currentThread();
        if (!helperArmed && inCallback(current)) requestHelp(current);
        return false;
    }

    /**
     * Under the lock, on a thread outside the container's callbacks whose send waits for a write event: the event
     * comes, unless a callback holds the connection's thread (Tomcat); then a helper writes if it keeps it.
     */
    private void helpBusyCallback() {
        Thread busy = readThread != null ? readThread : writeThread;
        if (busy != null && !helperArmed) requestHelp(busy);
    }

    /** Under the lock: a helper for the callback {@code thread} is in, scheduled once the lock is released. */
    private void requestHelp(Thread thread) {
        helperArmed = true;
        helpRequested = true;
        helpedThread = thread;
        helpedCallback = callbacksBegun;
    }

    /** Under the lock. */
    private boolean takeHelpRequest() {
        boolean help = helpRequested;
        helpRequested = false;
        return help;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        outputCalls++;
        out.write(bytes, offset, length);
    }

    /** Completes the frames written (send callbacks, the engine's accounting); never under the lock. */
    private void complete(List<OutboundFrame> done) {
        closeIfRequested();
        for (OutboundFrame frame : done) {
            frame.complete(null);
        }
        Thread p = poller;
        if (p != null && !done.isEmpty() && p != Thread.currentThread()) LockSupport.unpark(p);
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
        if (!inCallback(Thread.currentThread())) quirks.closedOffContainerThread(webConnection);
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
