package io.wsgate.it.jakarta;

import io.wsgate.it.raw.RawWebSocketClient;
import io.wsgate.it.raw.Rfc6455;
import io.wsgate.it.raw.ServerFrame;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Reads whole data messages off a raw client, remembering how many frames each came in. */
final class RawMessages {

    record Message(int opcode, byte[] data, int frames) {
        String text() { return new String(data, StandardCharsets.UTF_8); }
    }

    private RawMessages() {}

    /** The next data message; control frames in between are not expected and fail. */
    static Message next(RawWebSocketClient client) throws IOException {
        ServerFrame first = client.readFrame();
        if (first.opcode() != Rfc6455.OP_TEXT && first.opcode() != Rfc6455.OP_BINARY) {
            throw new AssertionError("expected a data frame but got " + first);
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(first.payload());
        int frames = 1;
        ServerFrame frame = first;
        while (!frame.fin()) {
            frame = client.readFrame();
            if (frame.opcode() != Rfc6455.OP_CONTINUATION) throw new AssertionError("expected a continuation but got " + frame);
            data.writeBytes(frame.payload());
            frames++;
        }
        return new Message(first.opcode(), data.toByteArray(), frames);
    }
}
