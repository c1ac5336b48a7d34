package io.wsgate.jakarta.session;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

class CallbackSerializerTest {

    @Test
    void callbacksOfOneSessionNeverOverlap() throws Exception {
        CallbackSerializer serializer = new CallbackSerializer();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        Runnable callback = () -> {
            if (inside.incrementAndGet() > 1) overlaps.incrementAndGet();
            Thread.yield();
            inside.decrementAndGet();
            ran.incrementAndGet();
        };
        int threads = 4, each = 500;
        CountDownLatch start = new CountDownLatch(1), done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            boolean engine = t % 2 == 0;
            new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        if (engine) serializer.runNow(callback);
                        else serializer.runSoon(callback);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }).start();
        }
        start.countDown();
        assertTrue(done.await(60, TimeUnit.SECONDS));
        serializer.runNow(() -> {});     // drains anything still queued
        assertEquals(0, overlaps.get());
        assertEquals(threads * each, ran.get());
    }

    @Test
    void aDeferredCallbackWaitsForTheRunningOneOnTheSameThread() {
        CallbackSerializer serializer = new CallbackSerializer();
        List<String> order = new java.util.ArrayList<>();
        serializer.runNow(() -> {
            serializer.runSoon(() -> order.add("deferred"));
            order.add("running");
        });
        assertEquals(List.of("running", "deferred"), order);
    }
}
