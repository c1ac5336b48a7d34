package io.wsgate.bench.raw;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Locale;

/**
 * One raw echo connection. Frames are echoed as they stream through: the client's header becomes a server header,
 * the payload is unmasked straight from the input buffer into the output buffer. When the output buffer is full the
 * connection stops reading (back-pressure) until the socket drains it.
 */
final class RawConnection {

    private static final int BUFFER_SIZE = 64 * 1024;
    private static final int MAX_SERVER_HEADER = 10;
    private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private static final int OP_CLOSE = 0x8;
    private static final int OP_PING = 0x9;
    private static final int OP_PONG = 0xA;

    private final SocketChannel channel;
    private final SelectionKey key;
    /** Buffers of closed connections, reused: allocating direct memory per connection dominated handshake cost. */
    private static final ArrayDeque<ByteBuffer> POOL = new ArrayDeque<>();

    private final ByteBuffer in = take();
    private final ByteBuffer out = take();

    private boolean upgraded;
    private boolean inFrame;
    private int opcode;
    private long payloadRemaining;
    private final byte[] mask = new byte[4];
    private int maskIndex;
    private boolean closeAfterFlush;

    RawConnection(SocketChannel channel, SelectionKey key) {
        this.channel = channel;
        this.key = key;
    }

    void ready(SelectionKey key) throws IOException {
        if (key.isReadable() && in.hasRemaining() && !closeAfterFlush) {
            if (channel.read(in) < 0) {
                close();
                return;
            }
        }
        boolean pending;
        while (true) {
            out.flip();
            if (out.hasRemaining()) {
                channel.write(out);
            }
            pending = out.hasRemaining();
            out.compact();
            if (pending || closeAfterFlush) {
                break;
            }
            in.flip();
            int before = in.position();
            process();
            boolean progress = in.position() != before;
            in.compact();
            if (!progress) {
                break;
            }
        }
        if (!pending && closeAfterFlush) {
            close();
            return;
        }
        int interest = (pending ? SelectionKey.OP_WRITE : 0)
                | (in.hasRemaining() && !closeAfterFlush ? SelectionKey.OP_READ : 0);
        if (key.interestOps() != interest) {
            key.interestOps(interest);
        }
    }

    private void process() throws IOException {
        if (!upgraded && !handshake()) {
            return;
        }
        while (!closeAfterFlush) {
            if (!inFrame) {
                if (!startFrame()) {
                    return;
                }
            } else if (!copyPayload()) {
                return;
            }
        }
    }

    /** Reads the client's frame header and writes the echo's header; false when more input or output room is needed. */
    private boolean startFrame() throws IOException {
        if (in.remaining() < 2 || out.remaining() < MAX_SERVER_HEADER) {
            return false;
        }
        int start = in.position();
        int b0 = in.get(start) & 0xFF;
        int b1 = in.get(start + 1) & 0xFF;
        if ((b1 & 0x80) == 0) {
            throw new IOException("unmasked client frame");
        }
        int length7 = b1 & 0x7F;
        int lengthBytes = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
        if (in.remaining() < 2 + lengthBytes + 4) {
            return false;
        }
        long length = length7 == 126 ? in.getShort(start + 2) & 0xFFFF
                : length7 == 127 ? in.getLong(start + 2) : length7;
        in.position(start + 2 + lengthBytes);
        in.get(mask);
        opcode = b0 & 0x0F;
        payloadRemaining = length;
        maskIndex = 0;
        inFrame = true;
        if (opcode != OP_PONG) {
            out.put((byte) (opcode == OP_PING ? (0x80 | OP_PONG) : b0));
            if (length < 126) {
                out.put((byte) length);
            } else if (length < 65536) {
                out.put((byte) 126).putShort((short) length);
            } else {
                out.put((byte) 127).putLong(length);
            }
        }
        finishFrameIfEmpty();
        return true;
    }

    /** Unmasks as much payload as input and output allow; false when stuck. */
    private boolean copyPayload() {
        boolean drop = opcode == OP_PONG;
        long n = Math.min(payloadRemaining, in.remaining());
        if (!drop) {
            n = Math.min(n, out.remaining());
        }
        if (n == 0) {
            return false;
        }
        int count = (int) n;
        if (drop) {
            in.position(in.position() + count);
        } else {
            unmask(count);
        }
        payloadRemaining -= count;
        finishFrameIfEmpty();
        return true;
    }

    private void unmask(int count) {
        int i = 0;
        if (count >= 8) {
            long maskLong = 0;
            for (int k = 0; k < 8; k++) {
                maskLong = (maskLong << 8) | (mask[(maskIndex + k) & 3] & 0xFF);
            }
            for (; i + 8 <= count; i += 8) {
                out.putLong(in.getLong() ^ maskLong);
            }
        }
        for (; i < count; i++) {
            out.put((byte) (in.get() ^ mask[(maskIndex + i) & 3]));
        }
        maskIndex = (maskIndex + count) & 3;
    }

    private void finishFrameIfEmpty() {
        if (payloadRemaining == 0) {
            inFrame = false;
            if (opcode == OP_CLOSE) {
                closeAfterFlush = true;
            }
        }
    }

    private boolean handshake() {
        int end = indexOf(in, HEADER_END);
        if (end < 0) {
            if (!in.hasRemaining() && in.limit() == in.capacity()) {
                close();
            }
            return false;
        }
        byte[] head = new byte[end - in.position()];
        in.get(head);
        in.position(end + HEADER_END.length);
        String key = null;
        for (String line : new String(head, StandardCharsets.ISO_8859_1).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("sec-websocket-key")) {
                key = line.substring(colon + 1).trim();
            }
        }
        if (key == null) {
            out.put("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            closeAfterFlush = true;
            return false;
        }
        out.put(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        upgraded = true;
        return true;
    }

    void close() {
        if (!key.isValid()) {
            return;
        }
        key.cancel();
        release(in);
        release(out);
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
    }

    // The server has one selector thread, so the pool needs no locking.
    private static ByteBuffer take() {
        ByteBuffer buffer = POOL.poll();
        return buffer != null ? buffer.clear() : ByteBuffer.allocateDirect(BUFFER_SIZE);
    }

    private static void release(ByteBuffer buffer) {
        POOL.push(buffer);
    }

    private static int indexOf(ByteBuffer buffer, byte[] pattern) {
        outer:
        for (int i = buffer.position(); i <= buffer.limit() - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (buffer.get(i + j) != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static String accept(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return Base64.getEncoder().encodeToString(sha1.digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
