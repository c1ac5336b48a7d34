package io.wsgate.jakarta;

import jakarta.websocket.EncodeException;
import jakarta.websocket.Encoder;
import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.*;

/** An encoder's destroy() never overlaps an encode running on another thread (issue 8, defect 12). */
class EncoderLifecycleTest {

    public static final class SlowEncoder implements Encoder.Text<StringBuilder> {
        static volatile CountDownLatch entered;
        static volatile CountDownLatch release;
        static final AtomicBoolean inEncode = new AtomicBoolean();
        static final AtomicBoolean destroyedDuringEncode = new AtomicBoolean();
        static final AtomicBoolean destroyed = new AtomicBoolean();

        @Override
        public String encode(StringBuilder object) throws EncodeException {
            inEncode.set(true);
            try {
                entered.countDown();
                release.await(30, TimeUnit.SECONDS);
                return object.toString();
            } catch (InterruptedException e) {
                throw new EncodeException(object, "interrupted");
            } finally {
                inEncode.set(false);
            }
        }

        @Override
        public void destroy() {
            if (inEncode.get()) destroyedDuringEncode.set(true);
            destroyed.set(true);
        }
    }

    @Test
    void destroyWaitsForAnEncodeUnderWayOnAnotherThread() throws Exception {
        SlowEncoder.entered = new CountDownLatch(1);
        SlowEncoder.release = new CountDownLatch(1);
        ServerEndpointConfig sec = ServerEndpointConfig.Builder.create(SessionTest.Programmatic.class, "/p")
                .encoders(List.of(SlowEncoder.class)).build();
        TestConnection c = new TestConnection(sec, new SessionTest.Programmatic(), Map.of()).open();

        CompletableFuture<Throwable> send = CompletableFuture.supplyAsync(() -> {
            try {
                c.session().getBasicRemote().sendObject(new StringBuilder("encoded"));
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        assertTrue(SlowEncoder.entered.await(30, TimeUnit.SECONDS));
        Thread closer = new Thread(() -> c.closedByPeer(1000, ""), "closer");
        closer.start();
        // The close either waits for the encoder (right) or has already destroyed it (the defect).
        assertTrue(io.wsgate.it.Deadline.await(Duration.ofSeconds(30),
                () -> closer.getState() == Thread.State.BLOCKED || SlowEncoder.destroyed.get()));
        SlowEncoder.release.countDown();
        closer.join(30_000);
        // the encoded message finds the session closed meanwhile
        assertInstanceOf(java.io.IOException.class, send.get(30, TimeUnit.SECONDS));
        assertTrue(SlowEncoder.destroyed.get());
        assertFalse(SlowEncoder.destroyedDuringEncode.get(), "destroy() ran while encode() was running");
    }
}
