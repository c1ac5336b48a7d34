package io.wsgate.engine;

import io.wsgate.protocol.ClosePayload;
import io.wsgate.protocol.Opcode;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Send admission and order: every send is charged against the connection's outbound bound (see
 * {@link OutboundBudget}) and queued in order. While a message is being sent in parts, whole messages from other
 * threads wait (in order) until its last part, since RFC 6455 allows no data frame inside a fragmented message;
 * they are charged when they start waiting, so waiting messages are bounded like queued ones. Sends are
 * serialised here, never refused for being concurrent.
 *
 * <p>Frames are queued under this object's lock, which is what keeps them in order; the connection's state
 * transitions run under it too ({@link #transition}), with the close frame they call for, so the close frame is
 * always the last frame queued. Writing frames, and every send callback, happens after the lock is released, so
 * application code never runs while it is held.
 *
 * <p>Batching ({@link #batching}): sends are queued as usual but not written until {@link #flushBatch}, until
 * {@link #BATCH_BYTES} have been held back, or until batching is turned off; whatever writes the queue meanwhile
 * (an engine frame, the close frame, the output becoming ready for earlier frames) writes them too, so nothing is
 * ever held longer than the next flush. Their callbacks run when they are written, as for any send.
 */
final class OutboundMessages {

    /** Where admitted frames go, and what a refusal does. */
    interface Queue {
        /** Whether the connection still takes messages. */
        boolean isOpen();

        /** Hands an admitted frame to the transport; false if the transport has closed. */
        boolean enqueue(OutboundFrame frame);

        /** Writes what was queued; runs send callbacks, so called holding no lock. */
        void flush();

        /** Reports a refused send and applies the overflow policy; called holding no lock. */
        void refused(Throwable failure, SendCallback callback);

        long bound();
    }

    /**
     * Compresses whole messages (permessage-deflate); called under this object's lock, so in send order, which
     * context takeover needs.
     */
    interface Compressor {
        /**
         * The compressed payload of a whole message, or null to send it as it is. {@code source} is what the
         * application handed in (the String of a text message) when it is immutable, else null.
         */
        ByteBuffer compress(ByteBuffer payload, Object source);

        /** The message compressed last has been queued: later messages may refer back into it. */
        void sent(ByteBuffer payload);
    }

    /** A whole message waiting for a message sent in parts to end; its charge is already taken. */
    private record Waiting(int opcode, int rsv, ByteBuffer payload, SendCallback callback) {}

    private record Refusal(Throwable failure, SendCallback callback) {}

    private final Queue queue;
    private final OutboundBudget budget;
    /** Whether frames are masked: we are the client. */
    private final boolean mask;
    /** Opcode of the message being sent in parts, 0 when none. */
    private int fragmentedOpcode;
    /** A high surrogate that ended a text part: it is sent with the low surrogate that starts the next part. */
    private char heldHighSurrogate;
    private ArrayDeque<Waiting> waiting;
    /** Our close frame is queued: the engine's pings and pongs are dropped from then on. */
    private boolean closeQueued;
    /** Sends refused while the lock was held, reported once it is released. */
    private List<Refusal> refusals;
    /** Sends are held back until a flush; batched: payload bytes held back since the last flush. */
    private boolean batching;
    private long batched;

    /**
     * The most payload bytes held back before a batch is written anyway: the size of the transport's single write
     * ({@code ServletTransport}'s 64 KiB chunk), enough for hundreds of small messages in one write and flush, and
     * a small part of the outbound bound (1 MiB by default), so a batch never crowds out other sends.
     */
    static final int BATCH_BYTES = 64 * 1024;

    /** Null when no compression was negotiated. Parts are always sent uncompressed. */
    private final Compressor compressor;

    OutboundMessages(Queue queue, OutboundBudget budget) {
        this(queue, budget, false, null);
    }

    OutboundMessages(Queue queue, OutboundBudget budget, boolean mask, Compressor compressor) {
        this.queue = queue;
        this.budget = budget;
        this.mask = mask;
        this.compressor = compressor;
    }

    static ByteBuffer utf8(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    void whole(int opcode, ByteBuffer payload, SendCallback callback) {
        whole(opcode, payload, null, callback);
    }

    /** @param source the application's immutable original of {@code payload} (a String), or null */
    void whole(int opcode, ByteBuffer payload, Object source, SendCallback callback) {
        boolean hold;
        synchronized (this) {
            ByteBuffer wire = payload;
            int rsv = 0;
            if (compressor != null && queue.isOpen()) {
                ByteBuffer compressed = compressor.compress(payload, source);
                if (compressed != null) {
                    wire = compressed;
                    rsv = ConnectionDeflate.RSV1;
                }
            }
            // Charged (and, compressed, taken into the context) as it goes on the wire; a refused message is
            // not part of what the client's inflater will see.
            if (fragmentedOpcode != 0) {
                if (admit(wire.remaining(), Admission.WAITING, callback)) {
                    waiting().add(new Waiting(opcode, rsv, wire, callback));
                    if (rsv != 0) compressor.sent(payload);
                }
            } else if (admit(wire.remaining(), Admission.MESSAGE, callback)) {
                if (enqueue(OutboundFrame.of(opcode, true, rsv, wire, callback, budget, mask), callback) && rsv != 0) {
                    compressor.sent(payload);
                }
            }
            hold = holdBack(payload.remaining());
        }
        afterQueueing(hold);
    }

    void textPart(String part, boolean last, SendCallback callback) {
        boolean hold;
        synchronized (this) {
            String text = part;
            char held = heldHighSurrogate;
            if (held != 0) text = held + part;
            char nextHeld = 0;
            if (!last && !text.isEmpty() && Character.isHighSurrogate(text.charAt(text.length() - 1))) {
                nextHeld = text.charAt(text.length() - 1);
                text = text.substring(0, text.length() - 1);
            }
            // A refused part leaves the held surrogate where it was: the sender may retry the part.
            ByteBuffer bytes = utf8(text);
            if (queuePart(Opcode.TEXT, bytes, last, callback)) heldHighSurrogate = nextHeld;
            hold = holdBack(bytes.limit());
        }
        afterQueueing(hold);
    }

    void part(int opcode, ByteBuffer payload, boolean last, SendCallback callback) {
        boolean hold;
        synchronized (this) {
            queuePart(opcode, payload, last, callback);
            hold = holdBack(payload.remaining());
        }
        afterQueueing(hold);
    }

    /** A control frame of the application's (ping, pong): bounded like a message, never waits for one. */
    void control(int opcode, ByteBuffer payload, SendCallback callback) {
        boolean hold;
        synchronized (this) {
            if (admit(payload.remaining(), Admission.MESSAGE, callback)) {
                enqueue(OutboundFrame.of(opcode, true, payload, callback, budget, mask), callback);
            }
            hold = holdBack(payload.remaining());
        }
        afterQueueing(hold);
    }

    /**
     * Turns batching on or off; turning it off writes what was held back. Sends already made keep their place:
     * batching only decides when the queue is written.
     */
    void batching(boolean on) {
        synchronized (this) {
            batching = on;
            if (on) return;
            batched = 0;
        }
        queue.flush();
    }

    synchronized boolean isBatching() {
        return batching;
    }

    /** Writes what batching held back (as far as the output takes it now; the rest as it becomes ready). */
    void flushBatch() {
        synchronized (this) {
            batched = 0;
        }
        queue.flush();
    }

    /** Under the lock: whether a send of {@code bytes} just queued waits for a flush rather than being written. */
    private boolean holdBack(int bytes) {
        if (!batching) return false;
        batched += bytes;
        if (batched < BATCH_BYTES) return true;
        batched = 0;
        return false;
    }

    /**
     * A ping or pong the engine itself sends (the answer to a ping, the keep-alive ping): charged but never
     * refused for the bound. Reading pauses while the queue is full, so the peer cannot grow the queue this way.
     * Dropped once our close frame is queued: the caller checked the connection was open before taking this lock,
     * and a close may have been queued since; nothing may follow the close frame (RFC 6455 5.5.1).
     */
    void engineFrame(int opcode, byte[] payload) {
        synchronized (this) {
            if (closeQueued) return;
            queueEngineFrame(opcode, payload);
        }
        queue.flush();
    }

    /**
     * Moves the connection on: runs {@code event} (a {@link ConnectionState} transition) under this lock and, in
     * the same hold, fails the sends still waiting and queues the close frame the step calls for. So no frame can
     * be queued between the state change and our close frame, and a racing event that closes TCP (the peer's close
     * answering ours) gets its step only once our close frame is in the queue it flushes.
     */
    ConnectionState.Step transition(Supplier<ConnectionState.Step> event) {
        ConnectionState.Step step;
        synchronized (this) {
            step = event.get();
            // Once the state is no longer OPEN waiting sends are refused and their memory freed.
            if (step.closeFrame() != null || step.tcp() != ConnectionState.Tcp.KEEP) dropWaiting();
            if (step.closeFrame() != null) {
                ConnectionState.Ending close = step.closeFrame();
                queueEngineFrame(Opcode.CLOSE, ClosePayload.encode(close.code(), close.reason()));
                closeQueued = true;
            }
        }
        if (step.closeFrame() != null) queue.flush();
        reportRefusals();
        return step;
    }

    /** Under the lock. */
    private void queueEngineFrame(int opcode, byte[] payload) {
        OutboundFrame frame = OutboundFrame.of(opcode, true, ByteBuffer.wrap(payload), SendCallback.NOOP, budget, mask);
        budget.forceCharge(frame.charge());
        if (!queue.enqueue(frame)) budget.release(frame.charge());
    }

    /** Under the lock: sends still waiting fail (reported once the lock is released), their charge given back. */
    private void dropWaiting() {
        ArrayDeque<Waiting> dropped = waiting;
        waiting = null;
        fragmentedOpcode = 0;
        heldHighSurrogate = 0;
        if (dropped != null) {
            for (Waiting w : dropped) {
                long charge = OutboundBudget.charge(w.payload().remaining());
                budget.stopWaiting(charge);
                budget.release(charge);
                refuse(new java.io.IOException("WebSocket connection is closed"), w.callback());
            }
        }
    }

    /** Returns whether the part was queued (only a queued part moves the message on). */
    private boolean queuePart(int opcode, ByteBuffer payload, boolean last, SendCallback callback) {
        if (fragmentedOpcode != 0 && fragmentedOpcode != opcode) {
            throw new IllegalStateException("a " + Opcode.name(fragmentedOpcode).toLowerCase()
                    + " message is being sent in parts; finish it before sending "
                    + Opcode.name(opcode).toLowerCase() + " parts");
        }
        int frameOpcode = fragmentedOpcode == 0 ? opcode : Opcode.CONTINUATION;
        // After a refused part the sender may retry it (or give up on the message), and the frames on the wire
        // stay well formed either way.
        boolean queued = admit(payload.remaining(), fragmentedOpcode == 0 ? Admission.MESSAGE : Admission.PART, callback)
                && enqueue(OutboundFrame.of(frameOpcode, last, payload, callback, budget, mask), callback);
        if (queued) fragmentedOpcode = last ? 0 : opcode;
        while (fragmentedOpcode == 0 && waiting != null && !waiting.isEmpty()) {
            Waiting w = waiting.poll();
            budget.stopWaiting(OutboundBudget.charge(w.payload().remaining()));
            enqueue(OutboundFrame.of(w.opcode(), true, w.rsv(), w.payload(), w.callback(), budget, mask), w.callback());
        }
        return queued;
    }

    private enum Admission { MESSAGE, PART, WAITING }

    /** Takes the charge of a message (or part) of {@code payloadLength} bytes, or records why not. */
    private boolean admit(int payloadLength, Admission kind, SendCallback callback) {
        if (!queue.isOpen()) {
            refuse(new java.io.IOException("WebSocket connection is closed"), callback);
            return false;
        }
        long charge = OutboundBudget.charge(payloadLength);
        boolean taken = switch (kind) {
            case MESSAGE -> budget.tryCharge(charge);
            case PART -> budget.tryChargePart(charge);
            case WAITING -> budget.tryChargeWaiting(charge);
        };
        if (!taken) {
            refuse(new OutboundOverflowException(budget.charged(), charge, queue.bound()), callback);
            return false;
        }
        return true;
    }

    /** Hands a charged frame to the transport; a closed transport gives the charge back and refuses the send. */
    private boolean enqueue(OutboundFrame frame, SendCallback callback) {
        if (queue.enqueue(frame)) return true;
        budget.release(frame.charge());
        refuse(new java.io.IOException("WebSocket connection is closed"), callback);
        return false;
    }

    private void refuse(Throwable failure, SendCallback callback) {
        if (refusals == null) refusals = new ArrayList<>(2);
        refusals.add(new Refusal(failure, callback));
    }

    /** Outside the lock: write what was queued (unless batching holds it back), then report refusals. */
    private void afterQueueing(boolean hold) {
        if (!hold) queue.flush();
        reportRefusals();
    }

    private void reportRefusals() {
        List<Refusal> refused;
        synchronized (this) {
            refused = refusals;
            refusals = null;
        }
        if (refused != null) {
            for (Refusal r : refused) queue.refused(r.failure(), r.callback());
        }
    }

    private ArrayDeque<Waiting> waiting() {
        if (waiting == null) waiting = new ArrayDeque<>(4);
        return waiting;
    }
}
