package io.wsgate.bench.micro;

import io.wsgate.protocol.FrameHandler;
import io.wsgate.protocol.FrameParser;
import io.wsgate.protocol.ProtocolException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.ByteBuffer;

/**
 * wsgate's {@link FrameParser} on the same wire bytes as {@link FrameParserBenchmark}: headers checked, payloads
 * unmasked in place (so the buffer alternates between masked and unmasked; the structure parsed is the same) and
 * handed to a handler that only counts them.
 */
@State(Scope.Thread)
public class WsgateFrameParserBenchmark {

    @Param({"65536"})
    public int size;

    @Param({"64", "16384"})
    public int frame;

    private ByteBuffer wire;
    private final CountingHandler handler = new CountingHandler();
    private FrameParser parser;

    @Setup
    public void setUp() {
        wire = FrameParserBenchmark.frames(size, frame);
        parser = new FrameParser(handler);
    }

    @Benchmark
    public long wsgate() throws ProtocolException {
        parser.parse(wire.duplicate());
        return handler.frames + handler.bytes;
    }

    /** Counts frames and payload bytes, so the parser's work cannot be optimised away. */
    static final class CountingHandler implements FrameHandler {
        long frames;
        long bytes;

        @Override
        public void onDataFrame(int opcode, boolean fin, long payloadLength) {
            frames++;
        }

        @Override
        public void onDataPayload(ByteBuffer payload, boolean frameEnd) {
            bytes += payload.remaining();
        }

        @Override
        public void onControlFrame(int opcode, ByteBuffer payload) {
            frames++;
        }
    }
}
