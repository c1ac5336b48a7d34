package io.wsgate.engine;

import java.nio.ByteBuffer;

/** One connection over a {@link FakeTransport} and a {@link FakeScheduler}, opened, as most engine tests need it. */
final class Harness {

    final FakeScheduler scheduler = new FakeScheduler();
    final FakeTransport transport = new FakeTransport(scheduler);
    final RecordingListener listener;
    final WebSocketConnection connection;

    Harness(WebSocketPolicy policy) {
        this(policy, new RecordingListener());
    }

    Harness(WebSocketPolicy policy, RecordingListener listener) {
        this(policy, listener, null, null);
    }

    /** A connection that negotiated permessage-deflate ({@code agreed}), sharing {@code deflate} with others. */
    Harness(WebSocketPolicy policy, RecordingListener listener, PerMessageDeflate deflate,
            io.wsgate.protocol.DeflateParameters agreed) {
        this.listener = listener;
        this.connection = new WebSocketConnection(listener, transport, policy, deflate, agreed);
    }

    /** The connection's permessage-deflate state. */
    ConnectionDeflate deflate() {
        return connection.deflate();
    }

    Harness started() {
        connection.start();
        return this;
    }

    /** The peer sends these frames in one read; returns what onBytes returned. */
    boolean receive(byte[]... frames) {
        return connection.onBytes(ClientFrames.wrap(frames));
    }

    boolean receive(ByteBuffer bytes) {
        return connection.onBytes(bytes);
    }
}
