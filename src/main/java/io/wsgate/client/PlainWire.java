package io.wsgate.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** {@code ws://}: the channel's bytes as they are. */
final class PlainWire implements Wire {

    private final SocketChannel channel;

    PlainWire(SocketChannel channel) {
        this.channel = channel;
    }

    @Override public int handshake() { return 0; }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }

    @Override
    public boolean write(ByteBuffer src) throws IOException {
        channel.write(src);
        return !src.hasRemaining();
    }

    @Override public int minReadBuffer() { return 0; }
    @Override public void closeOutbound() {}
    @Override public boolean isSecure() { return false; }
}
