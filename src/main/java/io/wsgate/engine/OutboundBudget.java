package io.wsgate.engine;

import java.util.function.LongSupplier;

/**
 * The memory a connection's outbound queue holds, and the read pause that keeps it bounded.
 *
 * <p>Each queued frame is charged its bytes plus {@link #FRAME_OVERHEAD}, the objects that carry it, so a flood
 * of one-byte messages is bounded by the memory it really costs, not by its 3-byte frames. A frame's charge is
 * taken when it enters the queue (or, for a whole message waiting behind a message sent in parts, when it starts
 * waiting) and given back once the frame is written or dropped.
 *
 * <p>Admission: a send is accepted while the charge is under the bound (an empty queue takes any message), from
 * any thread; whole messages waiting behind a message sent in parts are charged too (see {@link #tryChargePart}). Reading pauses as soon as the charge reaches the bound, before the next frame is parsed, so the
 * connection's own callbacks always find room for one message: the queue never holds more than the bound plus
 * one message. Reading resumes once the writes have brought the charge down to half the bound.
 */
final class OutboundBudget {

    /**
     * Heap taken by one queued frame besides its wire bytes. Measured (JDK 17, 64-bit, compressed pointers,
     * 500,000 queued frames of 1, 100 and 1024 bytes with a callback of two references and a flag): 78 to 81
     * bytes: the {@link OutboundFrame} (32), its array's header and padding, the queue slot, the callback (24).
     * Rounded up to leave room for an API layer's somewhat larger per-send callback.
     */
    static final int FRAME_OVERHEAD = 128;

    private final LongSupplier bound;
    private final Runnable resume;
    private long charged;
    /** The part of {@link #charged} taken by whole messages waiting behind a message sent in parts. */
    private long waiting;
    private boolean inputPaused;
    private long maxCharged;

    /**
     * @param bound  the connection's current {@code maxOutboundBytes}
     * @param resume called (outside the lock) when the queue has drained enough for a paused reader to go on
     */
    OutboundBudget(LongSupplier bound, Runnable resume) {
        this.bound = bound;
        this.resume = resume;
    }

    /** What a frame with {@code payloadLength} bytes of payload is charged. */
    static long charge(long payloadLength) {
        return io.wsgate.protocol.FrameHeader.length(payloadLength) + payloadLength + FRAME_OVERHEAD;
    }

    /** Takes {@code charge} if the queue is under the bound (or empty); returns whether it was taken. */
    synchronized boolean tryCharge(long charge) {
        if (charged > 0 && charged >= bound.getAsLong()) return false;
        add(charge);
        return true;
    }

    /**
     * For the next part of a message being sent in parts: as {@link #tryCharge}, but also taken when nothing but
     * waiting messages holds the bound. Those wait for this message to end, so refusing its parts until they go
     * would wait for ever; a part still never joins a queue of frames that is over the bound.
     */
    synchronized boolean tryChargePart(long charge) {
        if (charged > 0 && charged >= bound.getAsLong() && charged - waiting > 0) return false;
        add(charge);
        return true;
    }

    /** Takes the charge of a whole message that starts waiting behind a message sent in parts. */
    synchronized boolean tryChargeWaiting(long charge) {
        if (!tryCharge(charge)) return false;
        waiting += charge;
        return true;
    }

    /** A waiting message is queued now (its charge stays taken) or dropped (call {@link #release} too). */
    synchronized void stopWaiting(long charge) {
        waiting -= charge;
    }

    /** Takes {@code charge} whatever the bound: frames the engine itself must send (pong, close). */
    synchronized void forceCharge(long charge) {
        add(charge);
    }

    private void add(long charge) {
        charged += charge;
        if (charged > maxCharged) maxCharged = charged;
    }

    /** Gives back the charge of a frame written or dropped; wakes a paused reader once half the bound is free. */
    void release(long charge) {
        boolean wake;
        synchronized (this) {
            charged -= charge;
            wake = inputPaused && charged <= bound.getAsLong() / 2;
            if (wake) inputPaused = false;
        }
        if (wake) resume.run();
    }

    /**
     * Called by the reader after each thing it delivered: pauses reading if the queue has reached the bound.
     * Checked and set under the same lock as {@link #release}, so a drain cannot slip between them unseen.
     */
    synchronized boolean pauseIfFull() {
        if (charged >= bound.getAsLong()) inputPaused = true;
        return inputPaused;
    }

    synchronized boolean inputPaused() {
        return inputPaused;
    }

    /** The connection has ended: nothing will read again. */
    synchronized void clearPause() {
        inputPaused = false;
    }

    synchronized long charged() {
        return charged;
    }

    /** The most ever charged at once (for tests and diagnostics). */
    synchronized long maxCharged() {
        return maxCharged;
    }
}
