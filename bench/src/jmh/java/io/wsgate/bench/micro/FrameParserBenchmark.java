package io.wsgate.bench.micro;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * Parsing {@code size} bytes of back-to-back masked client frames (each with a {@code frame}-byte binary payload),
 * as they arrive from the servlet input stream; reported as bytes/second of wire data. The references parse headers
 * only, and headers plus unmasking, which bound what wsgate's {@code io.wsgate.protocol.FrameParser} costs on top.
 */
@State(Scope.Thread)
public class FrameParserBenchmark {

    /** Wire bytes parsed per invocation (whole frames; the tail is padding the parsers skip). */
    @Param({"65536"})
    public int size;

    /** Payload bytes per frame: chat-sized and large. */
    @Param({"64", "16384"})
    public int frame;

    private ByteBuffer wire;

    @Setup
    public void setUp() {
        wire = frames(size, frame);
    }

    /** As many whole masked binary frames of {@code frame} payload bytes as fit in {@code size} bytes. */
    static ByteBuffer frames(int size, int frame) {
        SplittableRandom random = new SplittableRandom(7);
        ByteBuffer wire = ByteBuffer.allocate(size);
        byte[] payload = new byte[frame];
        byte[] mask = new byte[4];
        int header = 2 + (frame < 126 ? 0 : frame < 65536 ? 2 : 8) + 4;
        while (wire.remaining() >= header + frame) {
            random.nextBytes(payload);
            random.nextBytes(mask);
            wire.put((byte) 0x82);
            if (frame < 126) {
                wire.put((byte) (0x80 | frame));
            } else {
                wire.put((byte) (0x80 | 126)).putShort((short) frame);
            }
            wire.put(mask);
            for (int i = 0; i < frame; i++) {
                wire.put((byte) (payload[i] ^ mask[i & 3]));
            }
        }
        return wire.flip();
    }

    /** Reference: walk the frame headers only (lengths, mask keys), skipping payloads. */
    @Benchmark
    public long headersReference() {
        ByteBuffer b = wire;
        int p = 0;
        int n = b.limit();
        long check = 0;
        while (p + 2 <= n) {
            int b1 = b.get(p + 1) & 0x7F;
            int length = b1 == 126 ? b.getShort(p + 2) & 0xFFFF : b1;
            int headerLength = 2 + (b1 == 126 ? 2 : 0) + 4;
            check += b.getInt(p + headerLength - 4) + length;
            p += headerLength + length;
        }
        return check;
    }

    /** Reference: headers plus unmasking every payload into a scratch buffer (what delivery needs at least). */
    @Benchmark
    public long unmaskReference() {
        ByteBuffer b = wire;
        int p = 0;
        int n = b.limit();
        long check = 0;
        while (p + 2 <= n) {
            int b1 = b.get(p + 1) & 0x7F;
            int length = b1 == 126 ? b.getShort(p + 2) & 0xFFFF : b1;
            int headerLength = 2 + (b1 == 126 ? 2 : 0) + 4;
            int key = b.getInt(p + headerLength - 4);
            long keyLong = ((long) key << 32) | (key & 0xFFFF_FFFFL);
            int start = p + headerLength;
            int i = 0;
            for (; i + 8 <= length; i += 8) {
                check += b.getLong(start + i) ^ keyLong;
            }
            for (; i < length; i++) {
                check += b.get(start + i) ^ (byte) (key >>> (24 - 8 * (i & 3)));
            }
            p = start + length;
        }
        return check;
    }

    // wsgate's io.wsgate.protocol.FrameParser is measured by WsgateFrameParserBenchmark (src/jmh-wsgate/java).
}
