package io.wsgate.jakarta.session;

import io.wsgate.engine.WebSocketSession;

/**
 * Starts closing a connection with a Jakarta close code. 1006 (closed abnormally) means dropping the connection
 * without a close frame; 1005 and 1015 must never be sent on the wire (RFC 6455 section 7.4.1), so the engine is
 * asked for them and falls back to 1000 if it refuses.
 */
final class EngineClose {

    private EngineClose() {}

    static void close(WebSocketSession ws, int code, String reason) {
        if (code == 1006) {
            ws.abort();
            return;
        }
        try {
            ws.close(code, reason == null ? "" : reason);
        } catch (IllegalArgumentException refused) {
            ws.close(1000, reason == null ? "" : reason);
        }
    }
}
