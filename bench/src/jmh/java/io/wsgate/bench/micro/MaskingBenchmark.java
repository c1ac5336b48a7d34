package io.wsgate.bench.micro;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Scope;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * Masking (XOR with the 4-byte key, RFC 6455 5.3) of {@code size} bytes in place; reported as bytes/second by
 * {@link MicroMain}. Two reference loops to compare wsgate's {@code io.wsgate.protocol.Masking} with.
 */
@State(Scope.Thread)
public class MaskingBenchmark {

    /** Bytes masked per invocation (MicroMain multiplies ops/s by this). */
    @Param({"64", "4096", "1048576"})
    public int size;

    /** Heap buffers come from the servlet streams' byte[]; direct ones from NIO. */
    @Param({"heap", "direct"})
    public String buffer;

    private ByteBuffer data;
    private final byte[] mask = {(byte) 0x37, (byte) 0xfa, (byte) 0x21, (byte) 0x3d};
    private int maskInt;

    @Setup
    public void setUp() {
        data = data(size, buffer);
        maskInt = ByteBuffer.wrap(mask).getInt();
    }

    /** Reference: one byte at a time, as a first implementation would. */
    @Benchmark
    public ByteBuffer bytewiseReference() {
        ByteBuffer b = data;
        for (int i = 0, n = b.limit(); i < n; i++) {
            b.put(i, (byte) (b.get(i) ^ mask[i & 3]));
        }
        return b;
    }

    /** Reference: eight bytes at a time with a long-wide key, then the tail byte by byte. */
    @Benchmark
    public ByteBuffer longwiseReference() {
        ByteBuffer b = data;
        long key = ((long) maskInt << 32) | (maskInt & 0xFFFF_FFFFL);
        int n = b.limit();
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            b.putLong(i, b.getLong(i) ^ key);
        }
        for (; i < n; i++) {
            b.put(i, (byte) (b.get(i) ^ mask[i & 3]));
        }
        return b;
    }

    // wsgate's io.wsgate.protocol.Masking is measured by WsgateMaskingBenchmark (src/jmh-wsgate/java), built only
    // with the library on the classpath; it uses the same data.

    static ByteBuffer data(int size, String buffer) {
        byte[] bytes = new byte[size];
        new SplittableRandom(1).nextBytes(bytes);
        ByteBuffer data = buffer.equals("direct") ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
        return data.put(bytes).flip();
    }
}
