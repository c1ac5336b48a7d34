package io.wsgate.client;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * {@code wss://}: TLS through an {@link SSLEngine} over the non-blocking channel. Reading and writing may run on
 * two threads at once (the engine allows wrap and unwrap concurrently); the outgoing network buffer is shared with
 * the handshake and with what reading must answer (a key update), so it is guarded by {@link #writeLock}.
 */
final class TlsWire implements Wire {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SocketChannel channel;
    private final SSLEngine engine;
    /** Network bytes read and not yet unwrapped; in write mode. */
    private final ByteBuffer netIn;
    /** Network bytes wrapped and not yet written; in read mode. Guarded by writeLock. */
    private final ByteBuffer netOut;
    private final Object writeLock = new Object();
    /**
     * Reading owes the engine an answer that could not be wrapped yet, because a write's bytes were still waiting
     * in netOut; the next write sends them, then wraps it. Guarded by writeLock.
     */
    private boolean answerPending;
    /** Plaintext unwrapped during the handshake, handed out by the first reads; in read mode. */
    private ByteBuffer early;

    TlsWire(SocketChannel channel, SSLEngine engine) {
        this.channel = channel;
        this.engine = engine;
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packet);
        this.netOut = ByteBuffer.allocate(packet).flip();
    }

    private boolean begun;

    @Override
    public int handshake() throws IOException {
        if (!begun) {
            begun = true;
            engine.beginHandshake(); // until then the engine says NOT_HANDSHAKING
        }
        while (true) {
            synchronized (writeLock) {
                if (!flushNetOut()) return SelectionKey.OP_WRITE;
            }
            switch (engine.getHandshakeStatus()) {
                case NEED_WRAP:
                    synchronized (writeLock) {
                        wrap(EMPTY);
                    }
                    break;
                case NEED_TASK:
                    runTasks();
                    break;
                case NEED_UNWRAP:
                case NEED_UNWRAP_AGAIN:
                    if (early == null) early = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
                    SSLEngineResult r = unwrap(early);
                    if (r == null) return SelectionKey.OP_READ;
                    break;
                default: // FINISHED, NOT_HANDSHAKING
                    if (early != null) {
                        early.flip();
                        if (!early.hasRemaining()) early = null;
                    }
                    return 0;
            }
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (early != null) {
            int n = Math.min(early.remaining(), dst.remaining());
            dst.put(dst.position(), early, early.position(), n).position(dst.position() + n);
            early.position(early.position() + n);
            if (!early.hasRemaining()) early = null;
            return n;
        }
        int start = dst.position();
        while (true) {
            SSLEngineResult r;
            try {
                r = unwrap(dst);
            } catch (java.io.EOFException eof) {
                return dst.position() > start ? dst.position() - start : -1;
            }
            if (r == null) return dst.position() - start; // nothing more readable now
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                return dst.position() > start ? dst.position() - start : -1;
            }
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                if (dst.position() > start) return dst.position() - start;
                throw new SSLException("read buffer of " + dst.remaining() + " bytes is smaller than a TLS record");
            }
            afterUnwrap(r);
            if (dst.position() > start) return dst.position() - start;
        }
    }

    /**
     * Unwraps one record into {@code dst}, reading from the channel when a record is incomplete; null when the
     * channel has nothing more now. Throws EOFException at the end of the stream.
     */
    private SSLEngineResult unwrap(ByteBuffer dst) throws IOException {
        while (true) {
            netIn.flip();
            SSLEngineResult r;
            try {
                r = engine.unwrap(netIn, dst);
            } finally {
                netIn.compact();
            }
            switch (r.getStatus()) {
                case BUFFER_UNDERFLOW: {
                    int n = channel.read(netIn);
                    if (n < 0) throw new java.io.EOFException("the server closed the connection during TLS");
                    if (n == 0) return null;
                    break;
                }
                default: // OK, CLOSED, BUFFER_OVERFLOW (the caller decides)
                    return r;
            }
        }
    }

    /** What reading must do for the TLS engine: run its tasks, answer it (a post-handshake message). */
    private void afterUnwrap(SSLEngineResult r) throws IOException {
        SSLEngineResult.HandshakeStatus hs = r.getHandshakeStatus();
        if (hs == SSLEngineResult.HandshakeStatus.NEED_TASK) runTasks();
        if (engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
            synchronized (writeLock) {
                // wrap() reuses netOut: bytes a write left there go first, or they would be lost.
                if (flushNetOut()) {
                    wrap(EMPTY);
                    flushNetOut(); // best effort; a later write flushes the rest
                } else {
                    answerPending = true; // that write waits for OP_WRITE and comes back: it answers then
                }
            }
        }
    }

    @Override
    public boolean write(ByteBuffer src) throws IOException {
        synchronized (writeLock) {
            if (!flushNetOut()) return false;
            if (answerPending) {
                answerPending = false;
                if (engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP) wrap(EMPTY);
                if (!flushNetOut()) return false;
            }
            while (src.hasRemaining()) {
                int before = src.remaining();
                wrap(src);
                if (src.remaining() == before && !netOut.hasRemaining()) {
                    // Nothing wrapped and nothing to send: the engine wants to renegotiate, which wsgate does not do.
                    throw new SSLException("the TLS engine takes no data (" + engine.getHandshakeStatus()
                            + "): renegotiation is not supported");
                }
                if (!flushNetOut()) return false;
            }
            return true;
        }
    }

    /** Under writeLock, with netOut empty: wraps into netOut. */
    private void wrap(ByteBuffer src) throws IOException {
        netOut.clear();
        SSLEngineResult r;
        try {
            r = engine.wrap(src, netOut);
        } finally {
            netOut.flip();
        }
        if (r.getStatus() == SSLEngineResult.Status.CLOSED && src.hasRemaining()) {
            throw new SSLException("the TLS session is closed");
        }
        if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) runTasks();
    }

    /** Under writeLock: returns whether netOut is empty. */
    private boolean flushNetOut() throws IOException {
        if (netOut.hasRemaining()) channel.write(netOut);
        return !netOut.hasRemaining();
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) task.run();
    }

    @Override
    public int minReadBuffer() {
        return engine.getSession().getApplicationBufferSize();
    }

    @Override
    public void closeOutbound() {
        engine.closeOutbound();
        synchronized (writeLock) {
            try {
                if (!flushNetOut()) return;
                wrap(EMPTY);
                flushNetOut();
            } catch (IOException e) {
                // best effort: the channel is closed next anyway
            }
        }
    }

    @Override
    public boolean isSecure() {
        return true;
    }
}
