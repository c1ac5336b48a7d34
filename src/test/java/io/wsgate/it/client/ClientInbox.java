package io.wsgate.it.client;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;

import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A programmatic client endpoint that records what arrives: messages, pongs, errors and the close. */
public class ClientInbox extends Endpoint {

    static final long WAIT_SECONDS = 30;

    final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
    volatile Session session;
    volatile String openedOn;

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        this.session = session;
        this.openedOn = Thread.currentThread().getName();
        session.addMessageHandler(String.class, messages::add);
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) b -> {
            byte[] copy = new byte[b.remaining()];
            b.get(copy);
            messages.add(copy);
        });
        session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) messages::add);
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        closed.complete(closeReason);
    }

    @Override
    public void onError(Session session, Throwable thr) {
        errors.add(thr);
    }

    Object next() throws InterruptedException {
        Object m = messages.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (m == null) throw new AssertionError("no message within " + WAIT_SECONDS + " s");
        return m;
    }

    String nextText() throws InterruptedException {
        return (String) next();
    }

    CloseReason awaitClose() throws Exception {
        return closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
