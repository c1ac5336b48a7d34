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
 * <p>Bounded: {@link #SLOTS} entries, each an array of exactly its compressed bytes, at most {@link #MAX_BYTES}, a
 * new entry replacing the one in its slot, and as many "seen once" marks. An entry or a mark keeps its String
 * reachable after the application is done with it, so Strings longer than {@link #MAX_CHARS} are neither cached nor
 * marked (each connection compresses them itself): at most 16 Strings of at most 64 KiB (UTF-16) and 8 x 64 KiB of
 * compressed bytes, 1.5 MiB at worst.
 */
final class BroadcastCache {

    static final int SLOTS = 8;
    static final int MAX_BYTES = 64 * 1024;
    /** The longest String cached or marked, in chars: 64 KiB at most (UTF-16). */
    static final int MAX_CHARS = 32 * 1024;

    private record Entry(String message, boolean huffmanOnly, byte[] compressed) {}

    private final AtomicReferenceArray<Entry> slots = new AtomicReferenceArray<>(SLOTS);
    /** Strings sent once by a connection that keeps its context: a second send of the same one is a broadcast. */
    private final AtomicReferenceArray<String> seen = new AtomicReferenceArray<>(SLOTS);

    /** The compressed bytes of {@code message} if cached; a new buffer over shared bytes nobody writes. */
    ByteBuffer get(String message, boolean huffmanOnly) {
        Entry e = slots.get(slot(message, huffmanOnly));
        if (e == null || e.message != message || e.huffmanOnly != huffmanOnly) return null;
        return ByteBuffer.wrap(e.compressed);
    }

    /**
     * Keeps a copy of {@code compressed} (not consumed) for {@code message}: exactly its bytes, since the deflater's
     * array is sized for the uncompressed message.
     */
    void put(String message, boolean huffmanOnly, ByteBuffer compressed) {
        int n = compressed.remaining();
        if (n > MAX_BYTES || message.length() > MAX_CHARS) return;
        byte[] exact = new byte[n];
        compressed.get(compressed.position(), exact);
        slots.set(slot(message, huffmanOnly), new Entry(message, huffmanOnly, exact));
    }

    /**
     * Whether {@code message} was sent before (by identity); marks it otherwise. No allocation: a connection with
     * context takeover asks this for each message, and compresses without context only from the second send on.
     */
    boolean seenBefore(String message) {
        if (message.length() > MAX_CHARS) return false;   // never cached either
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
