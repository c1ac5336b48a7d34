package io.wsgate.client;

import io.wsgate.engine.OutboundFrame;
import io.wsgate.engine.Scheduler;
import io.wsgate.engine.SingleReader;
import io.wsgate.engine.Transport;
import io.wsgate.engine.WebSocketConnection;

import java.io.EOFException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One client connection over a non-blocking {@link SocketChannel}: TCP connect, TLS, the HTTP upgrade, then the
 * engine's {@link Transport}. Until the upgrade is done one step runs at a time, each arming the selector for what
 * it waits for; the connect timeout covers all of them. Once open, reading and writing are independent: a read
 * runs on a callback thread when the selector reports input (one reader at a time, as the engine requires), and
 * frames are written on the sending thread while the channel takes them, the rest when it reports it can.
 *
 * <p>The engine is never called under this object's lock, and frames are completed (send callbacks) outside it.
 */
final class ClientConnection implements Transport, ClientLoop.Ready, OutboundFrame.ByteSink {

    private static final System.Logger LOG = System.getLogger(ClientConnection.class.getName());
    private static final int BUFFER = 32 * 1024;

    private enum Phase { CONNECTING, TLS, REQUEST, RESPONSE, OPEN, CLOSED }

    private final ClientLoop loop;
    private final ClientConnector.Request request;
    private final ClientConnector.Opening opening;
    private final CompletableFuture<WebSocketConnection> opened = new CompletableFuture<>();
    private SocketChannel channel;
    private volatile Wire wire;
    private volatile SelectionKey key;
    private volatile Phase phase = Phase.CONNECTING;
    private volatile WebSocketConnection engine;
    private Scheduler.Cancellable timeout;
    private ByteBuffer requestBytes;
    private ByteBuffer readBuffer;

    /** One thread reads at a time, the others leave it a note; its flags are guarded by this, as below. */
    private final SingleReader reading = new SingleReader(this, this::readWhileReady, () -> this.closed);

    // Guarded by this.
    private ArrayDeque<OutboundFrame> queue;
    private ByteBuffer out;
    private boolean awaitingWritable;
    private boolean closeWhenFlushed;
    private boolean closed;
    private boolean closeRequested;

    ClientConnection(ClientLoop loop, ClientConnector.Request request, ClientConnector.Opening opening) {
        this.loop = loop;
        this.request = request;
        this.opening = opening;
    }

    /** Starts connecting; the future completes once the engine is started, or fails with the cause. */
    CompletableFuture<WebSocketConnection> start() {
        try {
            loop.acquire();
        } catch (IOException e) {
            opened.completeExceptionally(e);
            return opened;
        }
        boolean connected;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            InetSocketAddress address = new InetSocketAddress(request.host(), request.port());
            if (address.isUnresolved()) throw new java.net.UnknownHostException(request.host());
            connected = channel.connect(address);
        } catch (IOException | RuntimeException e) {
            failOpening(e);
            return opened;
        }
        long millis = request.connectTimeout().toMillis();
        if (millis > 0) {
            timeout = loop.schedule(() -> failOpening(new SocketTimeoutException("no WebSocket connection to " + request.uri()
                    + " within the connect timeout of " + millis + " ms (" + phaseDescription() + ")")),
                    request.connectTimeout().toNanos());
        }
        loop.register(channel, connected ? 0 : SelectionKey.OP_CONNECT, this, k -> {
            key = k;
            if (connected || closed()) loop.execute(this::advance);
        });
        return opened;
    }

    private String phaseDescription() {
        return switch (phase) {
            case CONNECTING -> "TCP connect not done";
            case TLS -> "TLS handshake not done";
            case REQUEST -> "upgrade request not sent";
            case RESPONSE -> "no upgrade response";
            default -> String.valueOf(phase).toLowerCase();
        };
    }

    @Override
    public void ready(int readyOps) {
        if (phase != Phase.OPEN) {
            loop.execute(this::advance);
            return;
        }
        if ((readyOps & SelectionKey.OP_READ) != 0) loop.execute(this::readLoop);
        if ((readyOps & SelectionKey.OP_WRITE) != 0) loop.execute(this::onWritable);
    }

    @Override
    public void drop(IOException cause) {
        if (failOpening(cause)) return;
        WebSocketConnection c = engine;
        if (c != null) c.onTransportError(cause);
        abort();
    }

    // ---- opening: one step at a time

    private void advance() {
        try {
            switch (phase) {
                case CONNECTING:
                    if (!channel.finishConnect()) {
                        loop.interest(key, SelectionKey.OP_CONNECT);
                        return;
                    }
                    wire = request.tls() == null ? new PlainWire(channel) : new TlsWire(channel, request.tls().get());
                    phase = Phase.TLS;
                    // fall through
                case TLS: {
                    int need = wire.handshake();
                    if (need != 0) {
                        loop.interest(key, need);
                        return;
                    }
                    requestBytes = ClientHandshake.requestBytes(request.uri(), request.headers());
                    // Room for the largest response head and one more TLS record, whatever has arrived.
                    readBuffer = ByteBuffer.allocate(ClientHandshake.MAX_RESPONSE_HEAD + Math.max(BUFFER, wire.minReadBuffer()));
                    phase = Phase.REQUEST;
                }
                    // fall through
                case REQUEST:
                    if (!wire.write(requestBytes)) {
                        loop.interest(key, SelectionKey.OP_WRITE);
                        return;
                    }
                    requestBytes = null;
                    phase = Phase.RESPONSE;
                    // fall through
                case RESPONSE:
                    readResponse();
                    return;
                default:
                    return; // closed (a timeout) or already open
            }
        } catch (Exception e) {
            failOpening(e);
        }
    }

    private void readResponse() throws Exception {
        while (true) {
            int n = wire.read(readBuffer);
            if (n < 0) {
                throw new EOFException("the server closed the connection without answering the WebSocket handshake");
            }
            if (n == 0) {
                loop.interest(key, SelectionKey.OP_READ);
                return;
            }
            int end = ClientHandshake.headEnd(readBuffer.duplicate().flip());
            if (end >= 0) {
                open(end);
                return;
            }
        }
    }

    private void open(int headEnd) throws Exception {
        byte[] head = new byte[headEnd];
        readBuffer.get(0, head);
        ClientHandshake.Result result = ClientHandshake.validate(ClientHandshake.parse(head), request.key(),
                request.subprotocols(), request.extensions());
        WebSocketConnection c = opening.open(result, this, wire.isSecure());
        synchronized (this) {
            if (closed || opened.isDone()) return; // timed out meanwhile: the engine is dropped unstarted
            phase = Phase.OPEN;  // from now on the timeout can no longer fail the opening
        }
        if (timeout != null) timeout.cancel();
        engine = c;
        ByteBuffer rest = readBuffer.flip().position(headEnd).slice();
        readBuffer = ByteBuffer.allocate(Math.max(BUFFER, wire.minReadBuffer()));
        ByteBuffer early = ByteBuffer.allocate(rest.remaining()).put(rest).flip();
        c.start();
        opened.complete(c);
        if (early.hasRemaining() && !c.onBytes(early)) return; // paused: resumeReading comes
        readLoop();
    }

    /**
     * Fails the opening (the future, the channel) unless the connection is open already; returns whether it did.
     * Atomic with {@link #open}'s switch to OPEN, so a timeout racing a successful handshake either fails it
     * before the engine starts or does nothing.
     */
    private boolean failOpening(Throwable cause) {
        synchronized (this) {
            if (phase == Phase.OPEN || phase == Phase.CLOSED) return false;
            // Under the lock: only the waiting caller is woken, no dependent code runs here.
            if (!opened.completeExceptionally(cause)) return false;
        }
        LOG.log(Level.DEBUG, "wsgate client: connecting to {0} failed: {1}", request.uri(), String.valueOf(cause));
        closeChannel();
        return true;
    }

    /** The open connection failed (a write): the engine is told, which ends it. */
    private void fail(Throwable cause) {
        WebSocketConnection c = engine;
        if (c != null) c.onTransportError(cause);
    }

    private synchronized boolean closed() {
        return closed;
    }

    // ---- reading, once open

    /** Reads while there is input and the engine takes it; one thread at a time, the others leave it a note. */
    private void readLoop() {
        reading.read();
    }

    private void readWhileReady() {
        WebSocketConnection c = engine;
        try {
            while (true) {
                if (closed() || c == null) return;
                if (!c.readyForInput()) return; // paused until resumeReading
                readBuffer.clear();
                int n = wire.read(readBuffer);
                if (n < 0) {
                    c.onEndOfStream();
                    return;
                }
                if (n == 0) {
                    loop.interest(key, SelectionKey.OP_READ);
                    return;
                }
                readBuffer.flip();
                if (!c.onBytes(readBuffer)) return; // paused, the rest kept by the engine
            }
        } catch (IOException | RuntimeException e) {
            if (c != null) c.onTransportError(e);
        }
    }

    @Override
    public void resumeReading() {
        if (!closed()) loop.execute(this::readLoop);
    }

    // ---- writing

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
        IOException failure;
        synchronized (this) {
            if (closed || awaitingWritable || phase != Phase.OPEN) return;
            failure = writeSome(done);
        }
        afterWrite(done, failure);
    }

    private void onWritable() {
        List<OutboundFrame> done = new ArrayList<>(2);
        IOException failure;
        synchronized (this) {
            awaitingWritable = false;
            if (closed) return;
            failure = writeSome(done);
        }
        afterWrite(done, failure);
    }

    /**
     * Under the lock: copies frames into the output buffer and writes it while the channel takes it. Returns the
     * write's failure, if any; the frames copied before it are in {@code done} either way.
     */
    private IOException writeSome(List<OutboundFrame> done) {
        try {
            if (out == null) out = ByteBuffer.allocate(BUFFER);
            while (true) {
                OutboundFrame f;
                while (out.hasRemaining() && queue != null && (f = queue.peek()) != null) {
                    f.writeTo(this, out.remaining());
                    if (f.isWritten()) {
                        queue.poll();
                        done.add(f);
                    }
                }
                out.flip();
                boolean all = wire.write(out);
                out.compact();
                if (!all) {
                    awaitingWritable = true;
                    loop.interest(key, SelectionKey.OP_WRITE);
                    return null;
                }
                if (queue == null || queue.isEmpty()) {
                    if (closeWhenFlushed) requestClose();
                    return null;
                }
            }
        } catch (IOException e) {
            awaitingWritable = true; // write no more
            return e;
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        out.put(bytes, offset, length);
    }

    private void afterWrite(List<OutboundFrame> done, IOException failure) {
        for (OutboundFrame f : done) f.complete(null);
        closeIfRequested();
        if (failure != null) {
            LOG.log(Level.DEBUG, "wsgate client: write failed: {0}", String.valueOf(failure));
            // Not on the sending thread: the endpoint's onError and onClose must not run inside its send call.
            loop.execute(() -> fail(failure));
        }
    }

    // ---- closing

    @Override
    public void closeAfterFlush() {
        synchronized (this) {
            if (closed) return;
            closeWhenFlushed = true;
        }
        flush();
        closeIfRequested();
    }

    @Override
    public void abort() {
        List<OutboundFrame> dropped;
        synchronized (this) {
            if (closed) return;
            dropped = queue == null ? List.of() : new ArrayList<>(queue);
            queue = null;
            requestClose();
        }
        closeIfRequested();
        IOException failure = new IOException("WebSocket connection is closed");
        for (OutboundFrame f : dropped) f.complete(failure);
    }

    /** Under the lock. */
    private void requestClose() {
        closed = true;
        closeRequested = true;
    }

    private void closeIfRequested() {
        synchronized (this) {
            if (!closeRequested) return;
            closeRequested = false;
        }
        Wire w = wire;
        if (w != null) w.closeOutbound();
        closeChannel();
    }

    /** Closes the channel once, gives the loop its connection back and tells the engine. */
    private void closeChannel() {
        synchronized (this) {
            if (phase == Phase.CLOSED) return;
            phase = Phase.CLOSED;
            closed = true;
            closeRequested = false;
        }
        if (timeout != null) timeout.cancel();
        try {
            if (channel != null) channel.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "wsgate client: closing the channel failed: {0}", String.valueOf(e));
        }
        loop.release(this);
        WebSocketConnection c = engine;
        if (c != null) c.onTransportClosed();
    }

    @Override
    public Scheduler scheduler() {
        return loop;
    }
}
