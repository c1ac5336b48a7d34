package io.wsgate.servlet;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The connection caps count exactly, under concurrency too, and release each slot once. */
class ConnectionSlotsTest {

    @Test
    void capsPerApplicationAndPerAddress() {
        ConnectionSlots slots = new ConnectionSlots();
        ConnectionSlots.Slot a1 = (ConnectionSlots.Slot) slots.reserve("10.0.0.1", 3, 2);
        slots.reserve("10.0.0.1", 3, 2);
        ConnectionSlots.Refusal perAddress = assertInstanceOf(ConnectionSlots.Refusal.class, slots.reserve("10.0.0.1", 3, 2));
        assertEquals(ConnectionSlots.Cap.ADDRESS, perAddress.cap());
        slots.reserve("10.0.0.2", 3, 2);
        ConnectionSlots.Refusal total = assertInstanceOf(ConnectionSlots.Refusal.class, slots.reserve("10.0.0.3", 3, 2));
        assertEquals(ConnectionSlots.Cap.APPLICATION, total.cap());
        assertEquals(3, slots.reserved());
        assertEquals(2, slots.refused());

        a1.release();
        a1.release();   // once only
        assertEquals(2, slots.reserved());
        assertInstanceOf(ConnectionSlots.Slot.class, slots.reserve("10.0.0.1", 3, 2));
    }

    @Test
    void addressesWithoutConnectionsAreForgotten() {
        ConnectionSlots slots = new ConnectionSlots();
        List<ConnectionSlots.Slot> held = new ArrayList<>();
        for (int i = 0; i < 1000; i++) held.add((ConnectionSlots.Slot) slots.reserve("10.0." + (i / 250) + "." + (i % 250), 0, 5));
        assertEquals(1000, slots.addresses());
        held.forEach(ConnectionSlots.Slot::release);
        assertEquals(0, slots.addresses());
        assertEquals(0, slots.reserved());
    }

    @Test
    void exactUnderConcurrency() throws Exception {
        ConnectionSlots slots = new ConnectionSlots();
        int threads = 8, attempts = 20_000, cap = 50, perAddress = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ConcurrentLinkedQueue<ConnectionSlots.Slot> admitted = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < attempts; i++) {
                    Object r = slots.reserve("10.0.0." + ((thread + i) % 7), cap, perAddress);
                    if (r instanceof ConnectionSlots.Slot slot) {
                        // hold about half of them, release the rest at once (a failed upgrade)
                        if (i % 2 == 0) admitted.add(slot); else slot.release();
                    }
                    if (slots.reserved() > cap) throw new AssertionError("over the cap: " + slots.reserved());
                    if (i % 97 == 0) {
                        ConnectionSlots.Slot old = admitted.poll();
                        if (old != null) old.release();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
        pool.shutdown();
        assertEquals(admitted.size(), slots.reserved(), "slots held = slots not released");
        admitted.forEach(ConnectionSlots.Slot::release);
        assertEquals(0, slots.reserved());
        assertEquals(0, slots.addresses());
    }
}
