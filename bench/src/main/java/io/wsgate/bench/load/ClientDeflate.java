package io.wsgate.bench.load;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The generator's side of permessage-deflate (RFC 7692) for one connection, written here on java.util.zip so the
 * bench does not depend on the library it measures. It behaves as a browser does: it keeps its compression context
 * between messages unless the server's answer says {@code client_no_context_takeover}, and keeps one inflater for
 * the server's messages (which works whether or not the server keeps its context). Both zlib streams are created on
 * first use and ended with the connection.
 *
 * <p>The client compresses at level 1: the servers inflate at the same cost whatever the level, and the generator
 * shares the machine's cores with the server it measures.
 */
final class ClientDeflate {

    private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};
    private static final int CLIENT_LEVEL = Deflater.BEST_SPEED;

    private final boolean resetAfterEachMessage;
    private Deflater deflater;
    private Inflater inflater;
    private byte[] compressed = new byte[2048];

    /** @param answer the server's Sec-WebSocket-Extensions value, which accepted permessage-deflate */
    ClientDeflate(String answer) {
        this.resetAfterEachMessage = answer.contains("client_no_context_takeover");
    }

    /** One final masked frame with RSV1 set carrying {@code payload} compressed (its own mask key). */
    ByteBuffer compressedFrame(int opcode, ByteBuffer payload) {
        if (deflater == null) {
            deflater = new Deflater(CLIENT_LEVEL, true);
        }
        deflater.setInput(payload.duplicate().clear());
        int length = 0;
        while (true) {
            if (length == compressed.length) {
                compressed = Arrays.copyOf(compressed, compressed.length * 2);
            }
            length += deflater.deflate(compressed, length, compressed.length - length, Deflater.SYNC_FLUSH);
            if (length < compressed.length && deflater.needsInput()) {
                break;
            }
        }
        if (resetAfterEachMessage) {
            deflater.reset();
        }
        length -= TAIL.length; // RFC 7692 7.2.1: the sync flush's empty block is left off
        int lengthBytes = length < 126 ? 0 : length < 65536 ? 2 : 8;
        ByteBuffer wire = ByteBuffer.allocate(2 + lengthBytes + 4 + length);
        wire.put((byte) (0x80 | 0x40 | opcode));
        if (lengthBytes == 0) {
            wire.put((byte) (0x80 | length));
        } else if (lengthBytes == 2) {
            wire.put((byte) (0x80 | 126)).putShort((short) length);
        } else {
            wire.put((byte) (0x80 | 127)).putLong(length);
        }
        int mask = ThreadLocalRandom.current().nextInt();
        wire.putInt(mask);
        for (int i = 0; i < length; i++) {
            wire.put((byte) (compressed[i] ^ (mask >>> (24 - 8 * (i & 3)))));
        }
        return wire.flip();
    }

    /**
     * Inflates a whole compressed message ({@code length} bytes of {@code input}) into {@code output}; returns the
     * inflated length, or -1 if it would exceed {@code output}.
     */
    int inflate(byte[] input, int length, byte[] output) throws DataFormatException {
        if (inflater == null) {
            inflater = new Inflater(true);
        }
        int produced = 0;
        for (byte[] part : new byte[][] {input, TAIL}) {
            inflater.setInput(part, 0, part == TAIL ? TAIL.length : length);
            while (!inflater.needsInput()) {
                if (produced == output.length) {
                    return -1;
                }
                int n = inflater.inflate(output, produced, output.length - produced);
                if (n == 0 && (inflater.finished() || inflater.needsDictionary())) {
                    throw new DataFormatException("deflate stream ended (BFINAL) or asks for a dictionary");
                }
                produced += n;
            }
        }
        return produced;
    }

    /** Frees both zlib streams' native memory. */
    void end() {
        if (deflater != null) {
            deflater.end();
        }
        if (inflater != null) {
            inflater.end();
        }
    }
}
