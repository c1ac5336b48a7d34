package io.wsgate.bench.micro;

import io.wsgate.protocol.Utf8Validator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.ByteBuffer;

/** wsgate's incremental {@link Utf8Validator} on the same text as {@link Utf8ValidationBenchmark}. */
@State(Scope.Thread)
public class WsgateUtf8ValidationBenchmark {

    @Param({"64", "65536"})
    public int size;

    @Param({"ascii", "latin", "cjk", "emoji"})
    public String text;

    private ByteBuffer utf8;
    private final Utf8Validator validator = new Utf8Validator();

    @Setup
    public void setUp() {
        utf8 = Utf8ValidationBenchmark.text(text, size);
    }

    @Benchmark
    public boolean wsgate() {
        validator.reset();
        return validator.feed(utf8) && validator.isComplete();
    }
}
