package io.wsgate.engine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Records what the engine tells an endpoint, as short strings ("open", "text hi", "error ...", "close 1000 bye
 * engine"), and whether any call ran nested inside another or overlapped one on another thread.
 */
class RecordingListener extends WholeMessageListener {

    final List<String> events = new ArrayList<>();
    final List<String> violations = new ArrayList<>();
    volatile WebSocketSession session;
    private int depth;
    /** Runs inside onText, after recording it. */
    volatile Consumer<String> onTextAction = text -> {};
    volatile Runnable onOpenAction = () -> {};

    private synchronized void enter(String event) {
        if (++depth > 1) violations.add("nested or overlapping: " + event + " inside " + events);
        events.add(event);
    }

    private synchronized void exit() {
        depth--;
    }

    synchronized List<String> events() {
        return new ArrayList<>(events);
    }

    @Override
    public void onOpen(WebSocketSession session) {
        this.session = session;
        enter("open");
        try {
            onOpenAction.run();
        } finally {
            exit();
        }
    }

    @Override
    protected void onText(String message) {
        enter("text " + message);
        try {
            onTextAction.accept(message);
        } finally {
            exit();
        }
    }

    @Override
    protected void onBinary(ByteBuffer message) {
        enter("binary " + message.remaining());
        exit();
    }

    @Override
    public void onPing(ByteBuffer payload) {
        enter("ping " + StandardCharsets.UTF_8.decode(payload.duplicate()));
        exit();
    }

    @Override
    public void onPong(ByteBuffer payload) {
        enter("pong");
        exit();
    }

    @Override
    public void onError(Throwable cause) {
        enter("error " + cause.getClass().getSimpleName());
        exit();
    }

    @Override
    public void onClose(int code, String reason, boolean byEngine) {
        enter("close " + code + " " + reason + (byEngine ? " engine" : ""));
        exit();
    }
}
