package io.wsgate.it.app;

import io.wsgate.engine.WebSocketListener;
import io.wsgate.engine.WebSocketSession;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates listeners that count opens and closes and are watched through weak references, so that a test can see
 * that every connection ended exactly once and that nothing keeps a finished connection's objects alive.
 */
public final class ConnectionCounter {

    private final AtomicInteger opens = new AtomicInteger();
    private final AtomicInteger closes = new AtomicInteger();
    private final List<WeakReference<Object>> listeners = new CopyOnWriteArrayList<>();
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();

    public WebSocketListener newListener() {
        CountingListener listener = new CountingListener();
        listeners.add(new WeakReference<>(listener, collected));
        return listener;
    }

    /**
     * Runs the garbage collector until no listener created so far is reachable, or {@code deadline} passes;
     * returns how many are still reachable. Waits on the reference queue rather than sleeping.
     */
    public int awaitCollected(Instant deadline) throws InterruptedException {
        int retained = retained();
        while (retained > 0 && Instant.now().isBefore(deadline)) {
            System.gc();
            collected.remove(200);
            retained = retained();
        }
        return retained;
    }

    public int opens() { return opens.get(); }

    public int closes() { return closes.get(); }

    public int created() { return listeners.size(); }

    /** The creation indexes (0 = first) of the listeners still reachable, for a failure report. */
    public List<Integer> retainedIndexes() {
        List<Integer> indexes = new java.util.ArrayList<>();
        for (int i = 0; i < listeners.size(); i++) if (listeners.get(i).get() != null) indexes.add(i);
        return indexes;
    }

    /** How many of the listeners created so far are still reachable. */
    public int retained() {
        int count = 0;
        for (WeakReference<Object> ref : listeners) if (ref.get() != null) count++;
        return count;
    }

    /** Counts, and answers a text message with "ok" so a client knows the connection is fully open. */
    private final class CountingListener implements WebSocketListener {

        private WebSocketSession session;

        @Override
        public void onOpen(WebSocketSession session) {
            this.session = session;
            opens.incrementAndGet();
        }

        @Override
        public void onTextChunk(ByteBuffer utf8, boolean last) {
            if (last) session.sendText("ok", failure -> {});
        }

        @Override
        public void onBinaryChunk(ByteBuffer data, boolean last) {}

        @Override
        public void onClose(int code, String reason) {
            closes.incrementAndGet();
        }
    }
}
