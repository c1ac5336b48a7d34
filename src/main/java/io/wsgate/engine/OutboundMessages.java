package io.wsgate.engine;

import io.wsgate.protocol.Opcode;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps outgoing messages whole on the wire: while a message is being sent in parts, whole messages from other
 * threads wait (in order) until its last part, since RFC 6455 allows no data frame inside a fragmented message.
 * Sends are serialised here, never refused for being concurrent.
 *
 * <p>Frames are queued under this object's lock, which is what keeps them in order; writing them, and every
 * send callback, happens after the lock is released, so application code never runs while it is held.
 */
final class OutboundMessages {

    private final WebSocketConnection connection;
    /** Opcode of the message being sent in parts, 0 when none. */
    private int fragmentedOpcode;
    /** A high surrogate that ended a text part: it is sent with the low surrogate that starts the next part. */
    private char heldHighSurrogate;
    private ArrayDeque<Runnable> waiting;
    /** Sends refused while the lock was held, reported once it is released. */
    private List<Refusal> refusals;

    private record Refusal(Throwable failure, SendCallback callback) {}

    OutboundMessages(WebSocketConnection connection) {
        this.connection = connection;
    }

    static ByteBuffer utf8(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    void whole(int opcode, ByteBuffer payload, SendCallback callback) {
        synchronized (this) {
            queueWhole(opcode, payload, callback);
        }
        afterQueueing();
    }

    void textPart(String part, boolean last, SendCallback callback) {
        synchronized (this) {
            String text = part;
            if (heldHighSurrogate != 0) {
                text = heldHighSurrogate + part;
                heldHighSurrogate = 0;
            }
            if (!last && !text.isEmpty() && Character.isHighSurrogate(text.charAt(text.length() - 1))) {
                heldHighSurrogate = text.charAt(text.length() - 1);
                text = text.substring(0, text.length() - 1);
            }
            queuePart(Opcode.TEXT, utf8(text), last, callback);
        }
        afterQueueing();
    }

    void part(int opcode, ByteBuffer payload, boolean last, SendCallback callback) {
        synchronized (this) {
            queuePart(opcode, payload, last, callback);
        }
        afterQueueing();
    }

    /** The connection is closing: sends still waiting fail. */
    void failPending() {
        synchronized (this) {
            ArrayDeque<Runnable> dropped = waiting;
            waiting = null;
            fragmentedOpcode = 0;
            // Each waiting send is offered now, finds the connection closing and is refused.
            if (dropped != null) dropped.forEach(Runnable::run);
        }
        reportRefusals();
    }

    private void queueWhole(int opcode, ByteBuffer payload, SendCallback callback) {
        if (fragmentedOpcode != 0) {
            waiting().add(() -> queueWhole(opcode, payload, callback));
            return;
        }
        offer(WebSocketConnection.dataFrame(opcode, true, payload, callback), callback);
    }

    private void queuePart(int opcode, ByteBuffer payload, boolean last, SendCallback callback) {
        if (fragmentedOpcode != 0 && fragmentedOpcode != opcode) {
            throw new IllegalStateException("a " + Opcode.name(fragmentedOpcode).toLowerCase()
                    + " message is being sent in parts; finish it before sending "
                    + Opcode.name(opcode).toLowerCase() + " parts");
        }
        int frameOpcode = fragmentedOpcode == 0 ? opcode : Opcode.CONTINUATION;
        // Only a part that was queued moves the message on: after a refused part the sender may retry it (or
        // give up on the message), and the frames on the wire stay well formed either way.
        if (offer(WebSocketConnection.dataFrame(frameOpcode, last, payload, callback), callback)) {
            fragmentedOpcode = last ? 0 : opcode;
        }
        while (fragmentedOpcode == 0 && waiting != null && !waiting.isEmpty()) {
            waiting.poll().run();
        }
    }

    /** Queues a frame; a refusal is kept to be reported once the lock is released. */
    private boolean offer(OutboundFrame frame, SendCallback callback) {
        Throwable failure = connection.offer(frame);
        if (failure == null) return true;
        if (refusals == null) refusals = new ArrayList<>(2);
        refusals.add(new Refusal(failure, callback));
        return false;
    }

    /** Outside the lock: write what was queued, then report refusals. */
    private void afterQueueing() {
        connection.flush();
        reportRefusals();
    }

    private void reportRefusals() {
        List<Refusal> refused;
        synchronized (this) {
            refused = refusals;
            refusals = null;
        }
        if (refused != null) {
            for (Refusal r : refused) connection.refused(r.failure(), r.callback());
        }
    }

    private ArrayDeque<Runnable> waiting() {
        if (waiting == null) waiting = new ArrayDeque<>(4);
        return waiting;
    }
}
