package io.wsgate.bench.raw;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The "raw" variant: a trivial WebSocket echo on one NIO selector thread, with no container and no Jakarta API.
 * It exists to show how much load the generator can drive when the server costs next to nothing, i.e. the
 * generator's headroom over the real servers. It echoes each frame as it streams in (no message assembly, no UTF-8
 * validation), answers pings and close frames, and does not check the handshake beyond finding the key.
 */
public final class RawEchoServer implements Runnable, AutoCloseable {

    private final Selector selector;
    private final ServerSocketChannel server;

    private RawEchoServer(int port) throws IOException {
        selector = Selector.open();
        server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", port), 1024);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
    }

    /** Binds (port 0: any free port) and starts the (non-daemon) selector thread. */
    public static RawEchoServer start(int port) throws IOException {
        RawEchoServer server = new RawEchoServer(port);
        new Thread(server, "raw-echo-selector").start();
        return server;
    }

    public int port() {
        return server.socket().getLocalPort();
    }

    @Override
    public void run() {
        try {
            while (selector.isOpen()) {
                selector.select(this::ready);
            }
        } catch (ClosedSelectorException e) {
            // Closed: done.
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops accepting and drops every connection (the selector thread then ends). */
    @Override
    public void close() throws IOException {
        for (SelectionKey key : selector.keys()) {
            key.channel().close();
        }
        selector.close();
    }

    private void ready(SelectionKey key) {
        if (key.isAcceptable()) {
            accept();
            return;
        }
        RawConnection connection = (RawConnection) key.attachment();
        try {
            connection.ready(key);
        } catch (IOException | RuntimeException e) {
            connection.close();
        }
    }

    private void accept() {
        try {
            SocketChannel channel;
            while ((channel = server.accept()) != null) {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
                key.attach(new RawConnection(channel, key));
            }
        } catch (IOException e) {
            // A client that went away between connect and accept; nothing to do.
        }
    }
}
