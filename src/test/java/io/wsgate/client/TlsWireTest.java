package io.wsgate.client;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What reading must answer for TLS (a TLS 1.3 KeyUpdate that requests one) never costs bytes a write left unsent.
 * The JDK offers no way to make a peer send a KeyUpdate on demand (only the {@code jdk.tls.keyLimits} security
 * property, read once per JVM), so a scripted engine stands in: it "encrypts" as the identity, and an incoming
 * {@code U} is a post-handshake message that needs an answer, which it wraps as {@code K}.
 */
class TlsWireTest {

    /** Identity "TLS" with one post-handshake message: {@code U} in, answered by {@code K} out. */
    static final class ScriptedEngine extends SSLEngine {
        private final SSLSession session;
        private boolean answerPending;

        ScriptedEngine() throws Exception {
            session = SSLContext.getDefault().createSSLEngine().getSession(); // only its buffer sizes are used
        }

        @Override
        public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) {
            if (answerPending) {
                answerPending = false;
                dst.put((byte) 'K');
                return new SSLEngineResult(Status.OK, HandshakeStatus.NOT_HANDSHAKING, 0, 1);
            }
            int n = 0;
            for (int i = offset; i < offset + length; i++) {
                while (srcs[i].hasRemaining() && dst.hasRemaining()) {
                    dst.put(srcs[i].get());
                    n++;
                }
            }
            return new SSLEngineResult(Status.OK, HandshakeStatus.NOT_HANDSHAKING, n, n);
        }

        @Override
        public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) {
            if (!src.hasRemaining()) return new SSLEngineResult(Status.BUFFER_UNDERFLOW, getHandshakeStatus(), 0, 0);
            byte b = src.get();
            if (b == 'U') {
                answerPending = true;
                return new SSLEngineResult(Status.OK, HandshakeStatus.NEED_WRAP, 1, 0);
            }
            dsts[offset].put(b);
            return new SSLEngineResult(Status.OK, getHandshakeStatus(), 1, 1);
        }

        @Override public HandshakeStatus getHandshakeStatus() {
            return answerPending ? HandshakeStatus.NEED_WRAP : HandshakeStatus.NOT_HANDSHAKING;
        }
        @Override public SSLSession getSession() { return session; }
        @Override public Runnable getDelegatedTask() { return null; }
        @Override public void closeInbound() {}
        @Override public boolean isInboundDone() { return false; }
        @Override public void closeOutbound() {}
        @Override public boolean isOutboundDone() { return false; }
        @Override public String[] getSupportedCipherSuites() { return new String[0]; }
        @Override public String[] getEnabledCipherSuites() { return new String[0]; }
        @Override public void setEnabledCipherSuites(String[] suites) {}
        @Override public String[] getSupportedProtocols() { return new String[0]; }
        @Override public String[] getEnabledProtocols() { return new String[0]; }
        @Override public void setEnabledProtocols(String[] protocols) {}
        @Override public void beginHandshake() {}
        @Override public void setUseClientMode(boolean mode) {}
        @Override public boolean getUseClientMode() { return true; }
        @Override public void setNeedClientAuth(boolean need) {}
        @Override public boolean getNeedClientAuth() { return false; }
        @Override public void setWantClientAuth(boolean want) {}
        @Override public boolean getWantClientAuth() { return false; }
        @Override public void setEnableSessionCreation(boolean flag) {}
        @Override public boolean getEnableSessionCreation() { return true; }
    }

    /** A channel in memory: reads what the test put in, writes at most {@link #room} bytes more. */
    static final class MemoryChannel extends SocketChannel {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        ByteBuffer incoming = ByteBuffer.allocate(0);
        int room = Integer.MAX_VALUE;

        MemoryChannel() { super(SelectorProvider.provider()); }

        @Override public int read(ByteBuffer dst) {
            int n = Math.min(dst.remaining(), incoming.remaining());
            for (int i = 0; i < n; i++) dst.put(incoming.get());
            return n;
        }

        @Override public int write(ByteBuffer src) {
            int n = Math.min(src.remaining(), room);
            for (int i = 0; i < n; i++) written.write(src.get());
            room -= n;
            return n;
        }

        String written() { return written.toString(StandardCharsets.US_ASCII); }

        @Override public long read(ByteBuffer[] dsts, int offset, int length) { throw new UnsupportedOperationException(); }
        @Override public long write(ByteBuffer[] srcs, int offset, int length) { throw new UnsupportedOperationException(); }
        @Override public SocketChannel bind(SocketAddress local) { return this; }
        @Override public <T> SocketChannel setOption(SocketOption<T> name, T value) { return this; }
        @Override public <T> T getOption(SocketOption<T> name) { return null; }
        @Override public Set<SocketOption<?>> supportedOptions() { return Set.of(); }
        @Override public SocketChannel shutdownInput() { return this; }
        @Override public SocketChannel shutdownOutput() { return this; }
        @Override public Socket socket() { throw new UnsupportedOperationException(); }
        @Override public boolean isConnected() { return true; }
        @Override public boolean isConnectionPending() { return false; }
        @Override public boolean connect(SocketAddress remote) { return true; }
        @Override public boolean finishConnect() { return true; }
        @Override public SocketAddress getRemoteAddress() { return null; }
        @Override public SocketAddress getLocalAddress() { return null; }
        @Override protected void implCloseSelectableChannel() {}
        @Override protected void implConfigureBlocking(boolean block) {}
    }

    private final MemoryChannel channel = new MemoryChannel();
    private final TlsWire wire;

    TlsWireTest() throws Exception {
        wire = new TlsWire(channel, new ScriptedEngine());
    }

    private int readMessage(String bytes) throws IOException {
        channel.incoming = ByteBuffer.wrap(bytes.getBytes(StandardCharsets.US_ASCII));
        return wire.read(ByteBuffer.allocate(wire.minReadBuffer()));
    }

    /**
     * Defect: the answer was wrapped into the outgoing buffer without flushing it first, which threw away the
     * part of a record a write had left unsent.
     */
    @Test
    void anAnswerDueWhileAWriteIsPartlyFlushedWaitsForItAndLosesNothing() throws IOException {
        channel.room = 5;
        ByteBuffer message = ByteBuffer.wrap("hello world".getBytes(StandardCharsets.US_ASCII));
        assertFalse(wire.write(message), "the channel took 5 bytes of 11");

        assertEquals(0, readMessage("U"), "a post-handshake message, no application data");

        channel.room = Integer.MAX_VALUE;   // writable again: the connection calls write with what is left
        assertTrue(wire.write(message));
        assertEquals("hello worldK", channel.written(), "the rest of the record, then the answer");
    }

    @Test
    void anAnswerIsSentAtOnceWhenNothingWaits() throws IOException {
        assertEquals(0, readMessage("U"));
        assertEquals("K", channel.written());
        assertTrue(wire.write(ByteBuffer.wrap("hi".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("Khi", channel.written());
    }
}
