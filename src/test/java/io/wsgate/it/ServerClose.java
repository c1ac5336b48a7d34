package io.wsgate.it;

import io.wsgate.it.raw.RawWebSocketClient;
import io.wsgate.it.raw.ServerFrame;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Assertions on how the server ends a raw connection. */
public final class ServerClose {

    private ServerClose() {}

    /**
     * The next frame from the server is a close with {@code expectedCode}; after the client answers it, the
     * server closes TCP (the answer is sent quietly, since a server may drop TCP right after a protocol error).
     */
    public static ServerFrame expect(RawWebSocketClient client, int expectedCode) throws IOException {
        ServerFrame close = client.readClose();
        assertEquals(expectedCode, close.closeCode(), () -> "close frame " + close);
        client.replyCloseQuietly(expectedCode);
        client.awaitClosed();
        return close;
    }
}
