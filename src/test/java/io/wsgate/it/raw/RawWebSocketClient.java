package io.wsgate.it.raw;

import io.wsgate.it.TestServer;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/**
 * A WebSocket client on a bare socket, for input no real client would send. It reads the complete 101 response
 * before sending any frame (unless a test pipelines on purpose), sends whatever bytes a test builds, and reads
 * server frames one by one, checking that the server never masks nor sets RSV bits.
 *
 * <p>Every read gives up after {@link #READ_TIMEOUT_MS}: only a guard against hanging the build (raw tests send
 * small frames, so ten seconds is ample even on a busy machine), not a timing assertion.
 */
public final class RawWebSocketClient implements AutoCloseable {

    public static final int READ_TIMEOUT_MS = 10_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final RawResponse handshake;
    /** RSV bits the server may set (permessage-deflate negotiated: RSV1, 4 in {@link ServerFrame#rsv}). */
    private int allowedRsv;

    private RawWebSocketClient(Socket socket, InputStream in, RawResponse handshake) throws IOException {
        this.socket = socket;
        this.in = in;
        this.out = socket.getOutputStream();
        this.handshake = handshake;
    }

    /** Opens a connection to {@code path} with a valid handshake; fails unless the server answers 101. */
    public static RawWebSocketClient open(TestServer server, String path) throws IOException {
        return open(server, HandshakeRequest.to(server, path));
    }

    /** Opens a connection with this handshake; fails unless the server answers 101. */
    public static RawWebSocketClient open(TestServer server, HandshakeRequest request) throws IOException {
        return openPipelined(server, request, new byte[0]);
    }

    /**
     * Sends the handshake and {@code firstBytes} in one write, without waiting for the 101, as a client may; then
     * reads the 101.
     */
    public static RawWebSocketClient openPipelined(TestServer server, HandshakeRequest request, byte[] firstBytes) throws IOException {
        Socket socket = connect(server);
        try {
            byte[] head = request.bytes();
            byte[] all = new byte[head.length + firstBytes.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(firstBytes, 0, all, head.length, firstBytes.length);
            socket.getOutputStream().write(all);
            socket.getOutputStream().flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            RawResponse response = HttpReader.readHead(in);
            if (response.status() != 101) {
                throw new AssertionError("expected 101 from " + server + " but got:\n" + HttpReader.readBody(response, in)
                        + "\nfor request:\n" + request);
            }
            return new RawWebSocketClient(socket, in, response);
        } catch (IOException | RuntimeException | Error e) {
            socket.close();
            throw e;
        }
    }

    /** Sends a request and reads the whole response, for handshakes expected to fail and plain HTTP. */
    public static RawResponse exchange(TestServer server, HandshakeRequest request) throws IOException {
        try (Socket socket = connect(server)) {
            socket.getOutputStream().write(request.bytes());
            socket.getOutputStream().flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            RawResponse head = HttpReader.readHead(in);
            return HttpReader.readBody(head, in);
        }
    }

    private static Socket connect(TestServer server) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), READ_TIMEOUT_MS);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** The server's 101 response. */
    public RawResponse handshake() { return handshake; }

    public RawWebSocketClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    public RawWebSocketClient send(FrameBuilder frame) throws IOException {
        return send(frame.build());
    }

    /** Sends several frames in one write, so they likely arrive in one packet. */
    public RawWebSocketClient sendTogether(FrameBuilder... frames) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (FrameBuilder frame : frames) all.writeBytes(frame.build());
        return send(all.toByteArray());
    }

    /** Lets frames with these RSV bits through (4 for RSV1, when a test negotiated permessage-deflate). */
    public RawWebSocketClient allowRsv(int bits) {
        this.allowedRsv = bits;
        return this;
    }

    /** Reads the next frame; fails if the server masked it or set RSV bits, or if nothing arrives in time. */
    public ServerFrame readFrame() throws IOException {
        int b0 = readByte();
        int b1 = readByte();
        boolean fin = (b0 & 0x80) != 0;
        int rsv = (b0 >> 4) & 7;
        int opcode = b0 & 0x0F;
        boolean masked = (b1 & 0x80) != 0;
        long length = b1 & 0x7F;
        if (length == 126) {
            length = ((long) readByte() << 8) | readByte();
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) length = (length << 8) | readByte();
        }
        if (masked) throw new AssertionError("server sent a masked frame (RFC 6455 5.1 forbids it), opcode " + opcode);
        if ((rsv & ~allowedRsv) != 0) throw new AssertionError("server set RSV bits " + rsv + " without an extension, opcode " + opcode);
        if (length < 0 || length > Integer.MAX_VALUE - 8) throw new AssertionError("server frame length " + length);
        byte[] payload = in.readNBytes((int) length);
        if (payload.length != length) throw new EOFException("connection closed inside a frame payload");
        return new ServerFrame(fin, rsv, opcode, payload);
    }

    /** Reads the next frame and fails unless it is a close frame. */
    public ServerFrame readClose() throws IOException {
        ServerFrame frame = readFrame();
        if (!frame.isClose()) throw new AssertionError("expected a close frame but got " + frame);
        return frame;
    }

    /** Reads the next frame and fails unless it has this opcode and FIN set. */
    public ServerFrame expectFrame(int expectedOpcode) throws IOException {
        ServerFrame frame = readFrame();
        if (frame.opcode() != expectedOpcode || !frame.fin()) {
            throw new AssertionError("expected a final frame with opcode 0x" + Integer.toHexString(expectedOpcode) + " but got " + frame);
        }
        return frame;
    }

    /** Answers a close as a polite client does, ignoring a connection the server already dropped. */
    public void replyCloseQuietly(int code) {
        try {
            send(FrameBuilder.close(code, ""));
        } catch (IOException alreadyClosed) {
            // The server may drop TCP right after its close frame; nothing more to say then.
        }
    }

    /** Waits for the server to close TCP in an orderly way: read returns -1. Any further data fails. */
    public void awaitEof() throws IOException {
        int b = readRaw();
        if (b >= 0) throw new AssertionError("expected the end of the connection but the server sent more data (byte 0x" + Integer.toHexString(b) + ")");
    }

    /** Waits for the server to close TCP, by FIN or by reset; any further data fails. */
    public void awaitClosed() throws IOException {
        try {
            awaitEof();
        } catch (SocketException reset) {
            // A reset ends the connection too.
        }
    }

    /** {@link #awaitClosed()}, giving up after {@code timeoutMs} instead of the usual read timeout. */
    public void awaitClosed(int timeoutMs) throws IOException {
        socket.setSoTimeout(timeoutMs);
        try {
            awaitClosed();
        } finally {
            if (!socket.isClosed()) socket.setSoTimeout(READ_TIMEOUT_MS);
        }
    }

    private int readByte() throws IOException {
        int b = readRaw();
        if (b < 0) throw new EOFException("connection closed by the server while a frame was expected");
        return b;
    }

    private int readRaw() throws IOException {
        try {
            return in.read();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("nothing from the server within " + socket.getSoTimeout() + " ms", e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
