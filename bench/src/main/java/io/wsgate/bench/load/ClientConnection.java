package io.wsgate.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Locale;

/**
 * One client WebSocket connection, driven entirely by its {@link Reactor}'s thread.
 *
 * <p>It connects, sends a prepared upgrade request, waits for the 101 and checks Sec-WebSocket-Accept. After that it
 * sends prepared masked frames and parses the server's frames as they stream in, comparing every payload byte with
 * the message it expects next (a FIFO of expectations: an echo server answers in order). Fragmented messages and
 * control frames in between are handled; pings are answered. Anything wrong is counted in {@link Errors} and ends
 * the connection.
 */
public final class ClientConnection {

    enum State { NEW, CONNECTING, HANDSHAKING, OPEN, CLOSE_SENT, CLOSE_RECEIVED, CLOSED }

    private static final int MAX_RESPONSE_HEAD = 8192;
    private static final MaskedFrame NORMAL_CLOSE = MaskedFrame.close(1000);

    private final LoadGenerator generator;
    private final Reactor reactor;
    private final int id;
    private final ConnectionHandler handler;
    private final ArrayDeque<ByteBuffer> outbound = new ArrayDeque<>();
    private final Expectations expected = new Expectations();

    private SocketChannel channel;
    private SelectionKey key;
    private State state = State.NEW;
    private long startNanos;
    private boolean writeInterest;
    private Runnable openListener;

    private byte[] responseHead;
    private int responseHeadLength;

    // Inbound frame parsing: a partial header carried between reads, and the frame/message in progress.
    private final byte[] carry = new byte[14];
    private int carryLength;
    private boolean inFrame;
    private int frameOpcode;
    private boolean frameFin;
    private long frameRemaining;
    private int messageOpcode;
    private int messageOffset;
    private final byte[] control = new byte[125];
    private int controlLength;

    // permessage-deflate, once the server accepted it: the codec, and the compressed message being collected.
    private ClientDeflate deflate;
    private boolean messageCompressed;
    private byte[] compressedMessage;
    private int compressedLength;

    /** Free for the scenario (e.g. which prepared frame to send next). */
    public int sequence;

    ClientConnection(LoadGenerator generator, Reactor reactor, int id, ConnectionHandler handler) {
        this.generator = generator;
        this.reactor = reactor;
        this.id = id;
        this.handler = handler;
    }

    public int id() {
        return id;
    }

    public int reactorIndex() {
        return reactor.index();
    }

    /** When connecting started (for handshake timing). */
    public long startNanos() {
        return startNanos;
    }

    boolean isOpen() {
        return state == State.OPEN;
    }

    boolean isClosed() {
        return state == State.CLOSED;
    }

    int expectedCount() {
        return expected.size();
    }

    void onSettled(Runnable listener) {
        this.openListener = listener;
    }

    // ---- sending (reactor thread only) ----

    /** Queues {@code frame} and expects its payload back, in order; flushed at the end of the current event. */
    public void sendExpectingEcho(MaskedFrame frame, long nowNanos) {
        expected.add(frame.payload(), frame.opcode(), nowNanos);
        outbound.add(wire(frame));
    }

    /** Queues {@code frame} without expecting anything back. */
    public void send(MaskedFrame frame) {
        outbound.add(wire(frame));
    }

    /** The frame's bytes, compressed on the fly if permessage-deflate was negotiated and it is a data frame. */
    private ByteBuffer wire(MaskedFrame frame) {
        if (deflate == null || (frame.opcode() != MaskedFrame.OP_TEXT && frame.opcode() != MaskedFrame.OP_BINARY)) {
            return frame.wire();
        }
        return deflate.compressedFrame(frame.opcode(), frame.payload());
    }

    /** Expects a message (e.g. a broadcast) without sending anything. */
    public void expect(MaskedFrame message, long sentNanos) {
        expected.add(message.payload(), message.opcode(), sentNanos);
    }

    /** Starts the close handshake (status 1000); {@link ConnectionHandler#onClosed} follows once the server closes. */
    public void close() {
        if (state == State.OPEN) {
            outbound.add(NORMAL_CLOSE.wire());
            state = State.CLOSE_SENT;
            flush();
        }
    }

    /** Writes what is queued; asks for OP_WRITE if the socket would not take it all. */
    public void flush() {
        if (outbound.isEmpty() || channel == null || state == State.CLOSED) {
            return;
        }
        ByteBuffer[] gather = reactor.gather;
        int n = 0;
        for (ByteBuffer buffer : outbound) {
            gather[n++] = buffer;
            if (n == gather.length) {
                break;
            }
        }
        try {
            channel.write(gather, 0, n);
        } catch (IOException e) {
            fail("write failed: " + e);
            return;
        } finally {
            Arrays.fill(gather, 0, n, null);
        }
        while (!outbound.isEmpty() && !outbound.peekFirst().hasRemaining()) {
            outbound.pollFirst();
        }
        boolean pending = !outbound.isEmpty();
        if (pending != writeInterest) {
            writeInterest = pending;
            key.interestOps(pending ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }
    }

    // ---- lifecycle ----

    void connect(InetSocketAddress address) {
        startNanos = System.nanoTime();
        reactor.track(this);
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            state = State.CONNECTING;
            boolean connected = channel.connect(address);
            key = channel.register(reactor.selector(), connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, this);
            if (connected) {
                startHandshake();
            }
        } catch (IOException e) {
            fail("connect failed: " + e);
        }
    }

    void onSelected(SelectionKey selected) {
        if (state == State.CLOSED) {
            return;
        }
        try {
            if (selected.isConnectable()) {
                if (!channel.finishConnect()) {
                    return; // not yet; OP_CONNECT stays
                }
                key.interestOps(SelectionKey.OP_READ);
                startHandshake();
                return;
            }
            if (selected.isWritable()) {
                flush();
            }
            if (state != State.CLOSED && selected.isReadable()) {
                read();
            }
        } catch (IOException e) {
            fail("I/O error in state " + state + ": " + e);
        }
    }

    private void startHandshake() {
        state = State.HANDSHAKING;
        responseHead = new byte[512];
        outbound.add(generator.handshakes().request(id));
        flush();
    }

    private void read() throws IOException {
        ByteBuffer buffer = reactor.readBuffer;
        buffer.clear();
        if (carryLength > 0) {
            buffer.put(carry, 0, carryLength);
            carryLength = 0;
        }
        int read = channel.read(buffer);
        buffer.flip();
        long now = System.nanoTime();
        if (state == State.HANDSHAKING) {
            if (read < 0) {
                fail("server closed the connection during the handshake");
                return;
            }
            ByteBuffer rest = readResponseHead(buffer, now);
            if (rest == null) {
                return;
            }
            buffer = rest;
        }
        parseFrames(buffer, now);
        if (state == State.CLOSED) {
            return;
        }
        if (buffer.hasRemaining()) {
            carryLength = buffer.remaining();
            buffer.get(carry, 0, carryLength);
        }
        if (read < 0) {
            onEndOfStream(now);
            return;
        }
        flush();
    }

    /** Collects the response head; once whole and valid, opens and returns the bytes after it (else null). */
    private ByteBuffer readResponseHead(ByteBuffer buffer, long now) {
        int n = buffer.remaining();
        if (responseHeadLength + n > MAX_RESPONSE_HEAD) {
            fail("handshake response head larger than " + MAX_RESPONSE_HEAD + " bytes");
            return null;
        }
        if (responseHeadLength + n > responseHead.length) {
            responseHead = Arrays.copyOf(responseHead, Math.max(responseHead.length * 2, responseHeadLength + n));
        }
        buffer.get(responseHead, responseHeadLength, n);
        responseHeadLength += n;
        int end = headEnd(responseHead, responseHeadLength);
        if (end < 0) {
            return null;
        }
        String problem = checkResponse(new String(responseHead, 0, end, StandardCharsets.ISO_8859_1));
        if (problem != null) {
            fail("handshake: " + problem);
            return null;
        }
        ByteBuffer rest = ByteBuffer.wrap(Arrays.copyOfRange(responseHead, end + 4, responseHeadLength));
        responseHead = null;
        state = State.OPEN;
        if (openListener != null) {
            openListener.run();
        }
        handler.onOpen(this, now);
        return rest;
    }

    private String checkResponse(String head) {
        String[] lines = head.split("\r\n");
        if (!lines[0].startsWith("HTTP/1.1 101")) {
            return "expected 101, got \"" + lines[0] + "\"";
        }
        String upgrade = null;
        String connection = null;
        String accept = null;
        String extensions = null;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            switch (name) {
                case "upgrade" -> upgrade = value;
                case "connection" -> connection = value;
                case "sec-websocket-accept" -> accept = value;
                case "sec-websocket-extensions" -> extensions = value;
                default -> { }
            }
        }
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            return "Upgrade header is " + upgrade;
        }
        if (connection == null || !connection.toLowerCase(Locale.ROOT).contains("upgrade")) {
            return "Connection header is " + connection;
        }
        String offered = generator.handshakes().extensions();
        if (offered != null && (extensions == null || !extensions.startsWith("permessage-deflate"))) {
            return "offered " + offered + ", the server answered Sec-WebSocket-Extensions: " + extensions;
        }
        if (offered == null && extensions != null) {
            return "offered no extension, the server answered Sec-WebSocket-Extensions: " + extensions;
        }
        if (extensions != null) {
            deflate = new ClientDeflate(extensions);
        }
        String wanted = generator.handshakes().expectedAccept(id);
        if (!wanted.equals(accept)) {
            return "Sec-WebSocket-Accept is " + accept + ", expected " + wanted;
        }
        return null;
    }

    private static int headEnd(byte[] bytes, int length) {
        for (int i = 0; i + 3 < length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    // ---- inbound frames ----

    private void parseFrames(ByteBuffer buffer, long now) {
        while (buffer.hasRemaining() && state != State.CLOSED) {
            if (!inFrame) {
                if (!readHeader(buffer, now)) {
                    return;
                }
            } else {
                readPayload(buffer, now);
            }
        }
    }

    /** Parses one frame header if it is all there; false (nothing consumed) if it is not. */
    private boolean readHeader(ByteBuffer buffer, long now) {
        if (buffer.remaining() < 2) {
            return false;
        }
        int p = buffer.position();
        int b0 = buffer.get(p) & 0xFF;
        int b1 = buffer.get(p + 1) & 0xFF;
        int length7 = b1 & 0x7F;
        int extended = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
        if (buffer.remaining() < 2 + extended) {
            return false;
        }
        long length = length7 == 126 ? buffer.getShort(p + 2) & 0xFFFF
                : length7 == 127 ? buffer.getLong(p + 2) : length7;
        buffer.position(p + 2 + extended);
        if ((b1 & 0x80) != 0) {
            fail("server frame is masked");
            return false;
        }
        frameFin = (b0 & 0x80) != 0;
        frameOpcode = b0 & 0x0F;
        boolean rsv1 = (b0 & 0x40) != 0;
        boolean rsv1Allowed = deflate != null
                && (frameOpcode == MaskedFrame.OP_TEXT || frameOpcode == MaskedFrame.OP_BINARY);
        if ((b0 & 0x30) != 0 || (rsv1 && !rsv1Allowed)) {
            fail("RSV bits set on a server frame: 0x" + Integer.toHexString(b0));
            return false;
        }
        frameRemaining = length;
        if (frameOpcode >= MaskedFrame.OP_CLOSE) {
            if (length > 125 || !frameFin) {
                fail("bad control frame: opcode " + frameOpcode + ", length " + length + ", fin " + frameFin);
                return false;
            }
            controlLength = 0;
        } else if (frameOpcode == MaskedFrame.OP_CONTINUATION) {
            if (messageOpcode == 0) {
                fail("continuation frame without a message in progress");
                return false;
            }
        } else if (frameOpcode == MaskedFrame.OP_TEXT || frameOpcode == MaskedFrame.OP_BINARY) {
            if (messageOpcode != 0) {
                fail("new data frame while a fragmented message is in progress");
                return false;
            }
            if (expected.isEmpty()) {
                fail("unexpected " + (frameOpcode == MaskedFrame.OP_TEXT ? "text" : "binary") + " message");
                return false;
            }
            if (expected.peekOpcode() != frameOpcode) {
                fail("expected opcode " + expected.peekOpcode() + ", got " + frameOpcode);
                return false;
            }
            messageOpcode = frameOpcode;
            messageOffset = 0;
            messageCompressed = rsv1;
            compressedLength = 0;
        } else {
            fail("unknown opcode " + frameOpcode);
            return false;
        }
        inFrame = true;
        if (frameRemaining == 0) {
            endFrame(now);
        }
        return true;
    }

    private void readPayload(ByteBuffer buffer, long now) {
        int n = (int) Math.min(frameRemaining, buffer.remaining());
        int p = buffer.position();
        if (frameOpcode >= MaskedFrame.OP_CLOSE) {
            buffer.get(control, controlLength, n);
            controlLength += n;
        } else if (messageCompressed) {
            collectCompressed(buffer, n);
        } else {
            ByteBuffer want = expected.peekPayload();
            if (messageOffset + n > want.capacity()) {
                fail("message longer than the " + want.capacity() + " bytes expected");
                return;
            }
            int mismatch = Bytes.mismatch(buffer, p, want, messageOffset, n);
            if (mismatch >= 0) {
                fail("echo differs at byte " + (messageOffset + mismatch) + " of " + want.capacity());
                return;
            }
            messageOffset += n;
            buffer.position(p + n);
        }
        frameRemaining -= n;
        if (frameRemaining == 0) {
            endFrame(now);
        }
    }

    private void collectCompressed(ByteBuffer buffer, int n) {
        if (compressedMessage == null) {
            compressedMessage = new byte[Math.max(256, n)];
        }
        if (compressedLength + n > compressedMessage.length) {
            compressedMessage = Arrays.copyOf(compressedMessage, Math.max(compressedMessage.length * 2,
                    compressedLength + n));
        }
        buffer.get(compressedMessage, compressedLength, n);
        compressedLength += n;
    }

    /** Inflates the compressed message just completed into the reactor's scratch and compares it; false if it failed. */
    private boolean checkCompressed() {
        ByteBuffer want = expected.peekPayload();
        byte[] inflated = reactor.inflateScratch(want.capacity() + 1);
        int length;
        try {
            length = deflate.inflate(compressedMessage, compressedLength, inflated);
        } catch (java.util.zip.DataFormatException e) {
            fail("compressed message does not inflate: " + e.getMessage());
            return false;
        }
        if (length != want.capacity()) {
            fail("compressed message inflates to " + (length < 0 ? "more than " + want.capacity() : length)
                    + " bytes, expected " + want.capacity());
            return false;
        }
        int mismatch = Bytes.mismatch(ByteBuffer.wrap(inflated), 0, want, 0, length);
        if (mismatch >= 0) {
            fail("inflated echo differs at byte " + mismatch + " of " + want.capacity());
            return false;
        }
        generator.countReceived(true, compressedLength, length);
        messageOffset = length;
        if (compressedMessage.length > 64 * 1024) {
            compressedMessage = null; // a large message's buffer is not kept by every connection
        }
        return true;
    }

    private void endFrame(long now) {
        inFrame = false;
        switch (frameOpcode) {
            case MaskedFrame.OP_CLOSE -> onCloseFrame();
            case MaskedFrame.OP_PING -> {
                outbound.add(MaskedFrame.of(MaskedFrame.OP_PONG, Arrays.copyOf(control, controlLength)).wire());
            }
            case MaskedFrame.OP_PONG -> { }
            default -> {
                if (frameFin) {
                    if (messageCompressed && !checkCompressed()) {
                        return;
                    }
                    int length = expected.peekPayload().capacity();
                    if (messageOffset != length) {
                        fail("message of " + messageOffset + " bytes, expected " + length);
                        return;
                    }
                    if (deflate != null && !messageCompressed) {
                        generator.countReceived(false, length, length);
                    }
                    long sent = expected.removeSentNanos();
                    messageOpcode = 0;
                    handler.onMessage(this, sent, now);
                }
            }
        }
    }

    private void onCloseFrame() {
        int code = controlLength >= 2 ? ((control[0] & 0xFF) << 8) | (control[1] & 0xFF) : 1005;
        if (state == State.CLOSE_SENT) {
            if (code != 1000) {
                generator.errors().add("close handshake: server answered status " + code + " to 1000");
            }
            state = State.CLOSE_RECEIVED;
            return;
        }
        // The server started closing: echo its code (RFC 6455 5.5.1) and wait for it to close TCP.
        String reason = new String(control, Math.min(2, controlLength), Math.max(0, controlLength - 2),
                StandardCharsets.UTF_8);
        if (!generator.expectingDisconnects()) {
            generator.errors().add("server closed the session: " + code + " " + reason);
        }
        outbound.add(MaskedFrame.close(code == 1005 ? 1000 : code).wire());
        state = State.CLOSE_RECEIVED;
    }

    private void onEndOfStream(long now) {
        if (state == State.CLOSE_RECEIVED) {
            finish(true, now);
        } else {
            fail("server closed TCP in state " + state);
        }
    }

    /** Counts {@code reason} (unless disconnects are expected) and drops the connection. */
    private void fail(String reason) {
        if (!generator.expectingDisconnects()) {
            generator.errors().add("connection " + id + ": " + reason);
        }
        finish(false, System.nanoTime());
    }

    /** Closes the socket without a close handshake (end of a run). */
    void abort() {
        if (state != State.CLOSED) {
            finish(false, System.nanoTime());
        }
    }

    private void finish(boolean clean, long now) {
        boolean wasOpen = state != State.NEW && state != State.CONNECTING && state != State.HANDSHAKING;
        state = State.CLOSED;
        if (deflate != null) {
            deflate.end();
        }
        reactor.untrack(this);
        if (key != null) {
            key.cancel();
        }
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // Gone either way.
        }
        if (!wasOpen && openListener != null) {
            openListener.run();
        }
        handler.onClosed(this, clean, now);
    }
}
