package io.wsgate.bench.micro;

import io.wsgate.protocol.Masking;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.ByteBuffer;

/** wsgate's {@link Masking} on the same data as {@link MaskingBenchmark}'s reference loops. */
@State(Scope.Thread)
public class WsgateMaskingBenchmark {

    @Param({"64", "4096", "1048576"})
    public int size;

    @Param({"heap", "direct"})
    public String buffer;

    private ByteBuffer data;
    private byte[] array;
    private final int key = 0x37fa213d;

    @Setup
    public void setUp() {
        data = MaskingBenchmark.data(size, buffer);
        array = new byte[size];
        data.duplicate().get(array);
    }

    /** The ByteBuffer entry point (what the engine uses on NIO buffers). */
    @Benchmark
    public int wsgateBuffer() {
        return Masking.apply(data, key, 0);
    }

    /** The byte[] entry point (what the engine uses on servlet stream reads); same for both buffer params. */
    @Benchmark
    public int wsgateArray() {
        return Masking.apply(array, 0, array.length, key, 0);
    }
}
