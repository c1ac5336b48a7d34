package io.wsgate.engine;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Compresses a broadcast once: the same {@code String} compressed without context gives the same bytes for every
 * connection, so the result is kept for the next. Output without context is valid for a connection that keeps
 * its context too (back-references are optional; the message still joins that connection's history), so every
 * connection with the same window class can use it. Keyed by the identity of the String (immutable, so identity
 * means equal content; a ByteBuffer could be refilled between sends and is never cached) and whether the output
 * is Huffman-only.
 *
 * <p>Bounded: {@link #SLOTS} entries, each of at most {@link #MAX_BYTES} compressed, a new entry replacing the one
 * in its slot, and as many "seen once" marks: at most 16 strings are kept reachable, about 1.5 MiB at worst.
 */
final class BroadcastCache {

    static final int SLOTS = 8;
    static final int MAX_BYTES = 64 * 1024;

    private record Entry(String message, boolean huffmanOnly, byte[] compressed, int length) {}

    private final AtomicReferenceArray<Entry> slots = new AtomicReferenceArray<>(SLOTS);
    /** Strings sent once by a connection that keeps its context: a second send of the same one is a broadcast. */
    private final AtomicReferenceArray<String> seen = new AtomicReferenceArray<>(SLOTS);

    /** The compressed bytes of {@code message} if cached; a new buffer over shared bytes nobody writes. */
    ByteBuffer get(String message, boolean huffmanOnly) {
        Entry e = slots.get(slot(message, huffmanOnly));
        if (e == null || e.message != message || e.huffmanOnly != huffmanOnly) return null;
        return ByteBuffer.wrap(e.compressed, 0, e.length);
    }

    /** Keeps {@code compressed} (an array-backed buffer from position 0, never written again) for {@code message}. */
    void put(String message, boolean huffmanOnly, ByteBuffer compressed) {
        if (compressed.remaining() > MAX_BYTES || compressed.arrayOffset() != 0 || compressed.position() != 0) return;
        slots.set(slot(message, huffmanOnly), new Entry(message, huffmanOnly, compressed.array(), compressed.limit()));
    }

    /**
     * Whether {@code message} was sent before (by identity); marks it otherwise. No allocation: a connection with
     * context takeover asks this for each message, and compresses without context only from the second send on.
     */
    boolean seenBefore(String message) {
        int slot = slot(message, false);
        if (seen.get(slot) == message) return true;
        seen.set(slot, message);
        return false;
    }

    void clear() {
        for (int i = 0; i < SLOTS; i++) {
            slots.set(i, null);
            seen.set(i, null);
        }
    }

    private static int slot(String message, boolean huffmanOnly) {
        int h = System.identityHashCode(message) * 31 + (huffmanOnly ? 1 : 0);
        return (h ^ (h >>> 16)) & (SLOTS - 1);
    }
}
