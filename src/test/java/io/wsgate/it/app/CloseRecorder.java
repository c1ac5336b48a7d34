package io.wsgate.it.app;

import io.wsgate.engine.WebSocketListener;
import io.wsgate.engine.WebSocketSession;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reports to the test how its connection ended, as the endpoint saw it. The client names the connection with the
 * text message "id ID"; every text message is answered "ok" so the client knows it arrived.
 */
public final class CloseRecorder implements WebSocketListener {

    /** What onClose received. */
    public record Ending(int code, String reason, boolean byEngine) {}

    public static final Map<String, CompletableFuture<Ending>> ENDINGS = new ConcurrentHashMap<>();

    private WebSocketSession session;
    private String id;
    private final StringBuilder text = new StringBuilder();

    public static CompletableFuture<Ending> ending(String id) {
        return ENDINGS.computeIfAbsent(id, k -> new CompletableFuture<>());
    }

    @Override
    public void onOpen(WebSocketSession session) {
        this.session = session;
    }

    @Override
    public void onTextChunk(ByteBuffer utf8, boolean last) {
        text.append(java.nio.charset.StandardCharsets.UTF_8.decode(utf8));
        if (!last) return;
        if (text.toString().startsWith("id ")) id = text.substring(3);
        text.setLength(0);
        session.sendText("ok", failure -> {});
    }

    @Override
    public void onBinaryChunk(ByteBuffer data, boolean last) {
    }

    @Override
    public void onClose(int code, String reason, boolean byEngine) {
        if (id != null) ending(id).complete(new Ending(code, reason, byEngine));
    }
}
