package io.wsgate.engine;

import io.wsgate.protocol.Opcode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * Keeps outgoing messages whole on the wire: while a message is being sent in parts, whole messages from other
 * threads wait (in order) until its last part, since RFC 6455 allows no data frame inside a fragmented message.
 * Sends are serialised here, never refused for being concurrent.
 */
final class OutboundMessages {

    private final WebSocketConnection connection;
    /** Opcode of the message being sent in parts, 0 when none. */
    private int fragmentedOpcode;
    /** A high surrogate that ended a text part: it is sent with the low surrogate that starts the next part. */
    private char heldHighSurrogate;
    private ArrayDeque<Runnable> waiting;

    OutboundMessages(WebSocketConnection connection) {
        this.connection = connection;
    }

    static ByteBuffer utf8(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    synchronized void whole(int opcode, ByteBuffer payload, SendCallback callback) {
        if (fragmentedOpcode != 0) {
            waiting().add(() -> whole(opcode, payload, callback));
            return;
        }
        connection.send(WebSocketConnection.dataFrame(opcode, true, payload, callback), callback);
    }

    synchronized void textPart(String part, boolean last, SendCallback callback) {
        String text = part;
        if (heldHighSurrogate != 0) {
            text = heldHighSurrogate + part;
            heldHighSurrogate = 0;
        }
        if (!last && !text.isEmpty() && Character.isHighSurrogate(text.charAt(text.length() - 1))) {
            heldHighSurrogate = text.charAt(text.length() - 1);
            text = text.substring(0, text.length() - 1);
        }
        part(Opcode.TEXT, utf8(text), last, callback);
    }

    synchronized void part(int opcode, ByteBuffer payload, boolean last, SendCallback callback) {
        if (fragmentedOpcode != 0 && fragmentedOpcode != opcode) {
            throw new IllegalStateException("a " + Opcode.name(fragmentedOpcode).toLowerCase()
                    + " message is being sent in parts; finish it before sending "
                    + Opcode.name(opcode).toLowerCase() + " parts");
        }
        int frameOpcode = fragmentedOpcode == 0 ? opcode : Opcode.CONTINUATION;
        fragmentedOpcode = last ? 0 : opcode;
        connection.send(WebSocketConnection.dataFrame(frameOpcode, last, payload, callback), callback);
        if (last) releaseWaiting();
    }

    private void releaseWaiting() {
        while (fragmentedOpcode == 0 && waiting != null && !waiting.isEmpty()) {
            waiting.poll().run();
        }
    }

    /** The connection is closing: sends still waiting fail. */
    void failPending() {
        ArrayDeque<Runnable> dropped;
        synchronized (this) {
            dropped = waiting;
            waiting = null;
            fragmentedOpcode = 0;
        }
        // Each waiting send re-enters whole(), finds the connection closing and fails its callback.
        if (dropped != null) dropped.forEach(Runnable::run);
    }

    private ArrayDeque<Runnable> waiting() {
        if (waiting == null) waiting = new ArrayDeque<>(4);
        return waiting;
    }
}
