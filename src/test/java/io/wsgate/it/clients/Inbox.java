package io.wsgate.it.clients;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What a client received on one connection, for a test to wait on: whole messages in order, the close (code and
 * reason) and any error. Waits give up after {@link #WAIT_SECONDS} only so that a broken build does not hang.
 */
public final class Inbox {

    public static final int WAIT_SECONDS = 30;

    public record Close(int code, String reason) {}

    private final BlockingQueue<Received> messages = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> pongs = new LinkedBlockingQueue<>();
    private final CompletableFuture<Close> close = new CompletableFuture<>();
    private volatile Throwable error;

    void message(Received message) { messages.add(message); }

    void pong(byte[] payload) { pongs.add(payload); }

    void closed(int code, String reason) { close.complete(new Close(code, reason)); }

    void error(Throwable cause) {
        error = cause;
        close.completeExceptionally(cause);
    }

    public Received next() throws InterruptedException {
        Received message = messages.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("no message within " + WAIT_SECONDS + " s" + (close.isDone() ? "; connection ended: " + describeClose() : "")
                    + (error != null ? "; error: " + error : ""));
        }
        return message;
    }

    public String nextText() throws InterruptedException {
        Received message = next();
        if (!message.isText()) throw new AssertionError("expected a text message but got " + message);
        return message.text();
    }

    public byte[] nextBinary() throws InterruptedException {
        Received message = next();
        if (message.isText()) throw new AssertionError("expected a binary message but got " + message);
        return message.data();
    }

    public byte[] nextPong() throws InterruptedException {
        byte[] payload = pongs.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (payload == null) throw new AssertionError("no pong within " + WAIT_SECONDS + " s");
        return payload;
    }

    public Close awaitClose() throws Exception {
        return close.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private String describeClose() {
        try {
            return String.valueOf(close.getNow(null));
        } catch (RuntimeException e) {
            return e.getCause() != null ? e.getCause().toString() : e.toString();
        }
    }
}
