package io.wsgate.redis;

import io.wsgate.cluster.Member;
import io.wsgate.engine.SendCallback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A session standing in for a WebSocket client: records what the hub sends it. */
final class RecordingMember implements Member {

    private final String user;
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

    RecordingMember(String user) { this.user = user; }

    @Override
    public String user() { return user; }

    @Override
    public void sendText(String text, SendCallback done) {
        received.add(text);
        done.completed(null);
    }

    @Override
    public void sendBinary(ByteBuffer data, SendCallback done) {
        received.add("binary:" + StandardCharsets.UTF_8.decode(data));
        done.completed(null);
    }

    @Override
    public boolean isOpen() { return true; }

    /** The next message, waiting up to 30 s; fails if none comes. */
    String next() throws InterruptedException {
        String message = received.poll(30, TimeUnit.SECONDS);
        if (message == null) throw new AssertionError(user + " received nothing within 30 s");
        return message;
    }

    /** The next message within {@code millis}, or null. */
    String poll(long millis) throws InterruptedException {
        return received.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** What arrived so far and was not taken. */
    int pending() { return received.size(); }
}
