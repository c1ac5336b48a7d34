package io.wsgate.sample;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The slow-client attack: raw sockets that upgrade to an echo endpoint, then send masked text messages as fast as
 * TCP takes them and never read a byte of what comes back. Each attacker stops once its socket's writes have been
 * blocked for a while (the server stopped reading it, or the kernel buffers both ways are full); the sockets stay
 * open until {@link #close()}, so whatever the server holds for them stays held while it is measured.
 */
final class SlowClientFlood implements AutoCloseable {

    /** What one flood did: bytes and whole messages written, and how many attackers ended blocked. */
    record Result(int attackers, long bytes, long messages, int blocked, Duration took) {
        @Override
        public String toString() {
            return attackers + " attackers wrote " + messages + " messages (" + bytes / 1024 + " KiB) in " + took.toMillis()
                    + " ms; " + blocked + " ended blocked";
        }
    }

    private static final int TEMPLATE_BYTES = 64 * 1024;
    private static final int CLIENT_SOCKET_BUFFER = 8 * 1024;

    private final List<SocketChannel> channels;
    private final ByteBuffer template;
    private final int frameBytes;

    private SlowClientFlood(List<SocketChannel> channels, ByteBuffer template, int frameBytes) {
        this.channels = channels;
        this.template = template;
        this.frameBytes = frameBytes;
    }

    /** Opens {@code clients} WebSocket connections to {@code ws} (each must answer 101) for messages of {@code payload} bytes. */
    static SlowClientFlood connect(URI ws, int clients, int payload) throws IOException {
        List<SocketChannel> channels = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) channels.add(upgrade(ws));
        } catch (IOException | RuntimeException e) {
            for (SocketChannel c : channels) c.close();
            throw e;
        }
        byte[] frame = maskedTextFrame(payload);
        ByteBuffer template = ByteBuffer.allocate(TEMPLATE_BYTES / frame.length * frame.length);
        while (template.hasRemaining()) template.put(frame);
        return new SlowClientFlood(channels, template.flip(), frame.length);
    }

    /**
     * Writes until every attacker has been blocked for {@code blockedFor} or {@code limit} has passed. One thread and
     * one selector for all: a socket is written whenever it takes bytes.
     */
    Result floodUntilBlocked(Duration blockedFor, Duration limit) throws IOException {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        long blockedNanos = blockedFor.toNanos();
        long bytes = 0;
        int blocked = 0;
        try (Selector selector = Selector.open()) {
            List<Attacker> attackers = new ArrayList<>();
            for (SocketChannel channel : channels) {
                channel.configureBlocking(false);
                Attacker a = new Attacker(channel, template.duplicate(), start);
                channel.register(selector, SelectionKey.OP_WRITE, a);
                attackers.add(a);
            }
            int active = attackers.size();
            while (active > 0 && System.nanoTime() < deadline) {
                selector.select(100);
                long now = System.nanoTime();
                for (SelectionKey key : selector.selectedKeys()) {
                    Attacker a = (Attacker) key.attachment();
                    for (int round = 0; round < 64; round++) {      // bounded: let the other sockets have a turn
                        if (!a.data.hasRemaining()) a.data.rewind();
                        int written;
                        try {
                            written = a.channel.write(a.data);
                        } catch (IOException closedByServer) {
                            written = -1;
                        }
                        if (written < 0) {
                            key.cancel();
                            a.done = true;
                            active--;
                            break;
                        }
                        if (written == 0) break;
                        bytes += written;
                        a.lastProgress = now;
                    }
                }
                selector.selectedKeys().clear();
                for (Attacker a : attackers) {
                    if (!a.done && now - a.lastProgress > blockedNanos) {
                        a.channel.keyFor(selector).cancel();
                        a.done = true;
                        blocked++;
                        active--;
                    }
                }
            }
            selector.selectNow();       // deregisters the cancelled keys before the channels go back to the caller
        }
        return new Result(channels.size(), bytes, bytes / frameBytes, blocked, Duration.ofNanos(System.nanoTime() - start));
    }

    /** Closes every attacker's connection (with unread data: a reset, as a client that goes away does). */
    @Override
    public void close() throws IOException {
        for (SocketChannel channel : channels) channel.close();
    }

    private static final class Attacker {
        final SocketChannel channel;
        final ByteBuffer data;
        long lastProgress;
        boolean done;

        Attacker(SocketChannel channel, ByteBuffer data, long start) {
            this.channel = channel;
            this.data = data;
            this.lastProgress = start;
        }
    }

    private static SocketChannel upgrade(URI ws) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            // Small buffers on the attacker's side (set before connecting, so the kernel does not grow them): what
            // the server sends backs up into its own memory after a few KiB instead of megabytes of kernel buffers.
            channel.socket().setReceiveBufferSize(CLIENT_SOCKET_BUFFER);
            channel.socket().setSendBufferSize(CLIENT_SOCKET_BUFFER);
            channel.socket().connect(new InetSocketAddress("127.0.0.1", ws.getPort()), 10_000);
            channel.socket().setSoTimeout(30_000);
            byte[] key = new byte[16];
            ThreadLocalRandom.current().nextBytes(key);
            String request = "GET " + ws.getRawPath() + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + ws.getPort() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n";
            channel.socket().getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String head = readHead(channel.socket().getInputStream());
            if (!head.startsWith("HTTP/1.1 101")) throw new IOException("upgrade to " + ws + " answered: " + head);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The response head, byte by byte so that nothing after it is consumed. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 8192 && !(head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n"))) {
            int b = in.read();
            if (b < 0) throw new IOException("connection closed during the handshake after: " + head);
            head.append((char) b);
        }
        return head.toString();
    }

    /** A client text frame (masked, as RFC 6455 requires of clients) of {@code payload} ASCII letters. */
    static byte[] maskedTextFrame(int payload) {
        if (payload > 65535) throw new IllegalArgumentException("payload too large for this frame builder: " + payload);
        int lengthBytes = payload < 126 ? 0 : 2;
        byte[] frame = new byte[2 + lengthBytes + 4 + payload];
        frame[0] = (byte) 0x81;                                  // FIN, text
        if (lengthBytes == 0) {
            frame[1] = (byte) (0x80 | payload);
        } else {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (payload >>> 8);
            frame[3] = (byte) payload;
        }
        int maskAt = 2 + lengthBytes;
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        System.arraycopy(mask, 0, frame, maskAt, 4);
        for (int i = 0; i < payload; i++) {
            frame[maskAt + 4 + i] = (byte) (('a' + i % 26) ^ mask[i % 4]);
        }
        return frame;
    }
}
