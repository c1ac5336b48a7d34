package io.wsgate.cluster;

import io.wsgate.engine.OutboundOverflowException;
import io.wsgate.engine.SendCallback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A member recording what it is sent; it can refuse sends (a full outbound queue) and end. */
class FakeMember implements Member {

    private final String user;
    final List<String> received = new ArrayList<>();
    boolean open = true;
    boolean full;
    private Runnable ended;

    FakeMember(String user) { this.user = user; }

    @Override
    public String user() { return user; }

    @Override
    public synchronized void sendText(String text, SendCallback done) {
        if (full) {
            done.completed(new OutboundOverflowException(1, 1, 1));
            return;
        }
        received.add(text);
        done.completed(null);
    }

    @Override
    public synchronized void sendBinary(ByteBuffer data, SendCallback done) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        received.add("binary:" + new String(bytes, StandardCharsets.UTF_8));
        done.completed(null);
    }

    @Override
    public boolean isOpen() { return open; }

    @Override
    public void whenEnded(Runnable action) { ended = action; }

    void end() {
        open = false;
        if (ended != null) ended.run();
    }

    synchronized List<String> received() { return List.copyOf(received); }
}
