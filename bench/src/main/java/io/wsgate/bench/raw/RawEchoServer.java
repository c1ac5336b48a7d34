package io.wsgate.bench.raw;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
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
public final class RawEchoServer implements Runnable {

    private final Selector selector;
    private final ServerSocketChannel server;

    private RawEchoServer(int port) throws IOException {
        selector = Selector.open();
        server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", port), 1024);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
    }

    /** Binds and starts the (non-daemon) selector thread. */
    public static void start(int port) throws IOException {
        Thread thread = new Thread(new RawEchoServer(port), "raw-echo-selector");
        thread.start();
    }

    @Override
    public void run() {
        try {
            while (true) {
                selector.select(this::ready);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
