package io.wsgate.it.app;

import io.wsgate.engine.OutboundOverflowException;
import io.wsgate.engine.WebSocketSession;
import io.wsgate.engine.WholeMessageListener;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * On the text message "flood ID COUNT SIZE", sends COUNT binary messages of SIZE bytes from an application thread
 * (not the connection's), as a broadcast would, and reports to the test under ID how many sends were refused for
 * a full outbound queue and the most bytes ever queued.
 */
public final class FloodListener extends WholeMessageListener {

    /** What one flood saw. */
    public record Report(int refused, long maxQueued) {}

    public static final Map<String, CompletableFuture<Report>> REPORTS = new ConcurrentHashMap<>();

    private WebSocketSession session;

    @Override
    public void onOpen(WebSocketSession session) {
        this.session = session;
    }

    @Override
    protected void onText(String message) {
        String[] words = message.split(" ");
        String id = words[1];
        int count = Integer.parseInt(words[2]);
        int size = Integer.parseInt(words[3]);
        Thread sender = new Thread(() -> {
            int refused = 0;
            long maxQueued = 0;
            for (int i = 0; i < count; i++) {
                CompletableFuture<Throwable> result = new CompletableFuture<>();
                session.sendBinary(ByteBuffer.allocate(size), result::complete);
                // A refusal is reported at once, from inside sendBinary; an accepted send completes later.
                Throwable failure = result.getNow(null);
                if (failure instanceof OutboundOverflowException) refused++;
                maxQueued = Math.max(maxQueued, session.queuedBytes());
            }
            REPORTS.computeIfAbsent(id, k -> new CompletableFuture<>()).complete(new Report(refused, maxQueued));
        }, "flood-" + id);
        sender.start();
    }

    @Override
    protected void onBinary(ByteBuffer message) {
        // not used
    }
}
