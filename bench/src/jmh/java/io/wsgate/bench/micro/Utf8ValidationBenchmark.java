package io.wsgate.bench.micro;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 validation of {@code size} bytes of well-formed text (the common case; RFC 6455 8.1 requires it for every
 * text message); reported as bytes/second. The reference is the JDK's strict decoder, which is what validating by
 * decoding costs; wsgate's {@code io.wsgate.protocol.Utf8Validator} validates without producing chars.
 */
@State(Scope.Thread)
public class Utf8ValidationBenchmark {

    /** Bytes validated per invocation. */
    @Param({"64", "65536"})
    public int size;

    /** ascii: chat-like JSON; latin: 2-byte sequences; cjk: 3-byte; emoji: 4-byte (surrogate pairs). */
    @Param({"ascii", "latin", "cjk", "emoji"})
    public String text;

    private ByteBuffer utf8;
    private CharBuffer chars;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    @Setup
    public void setUp() {
        utf8 = text(text, size);
        chars = CharBuffer.allocate(size);
    }

    /** {@code size} bytes of valid UTF-8: whole code points of the sample, padded with spaces. */
    static ByteBuffer text(String kind, int size) {
        String sample = switch (kind) {
            case "ascii" -> "{\"user\":\"alice\",\"text\":\"hello there, how are you today?\",\"seq\":12345}";
            case "latin" -> "Größenänderung für Straßenübergänge: ça coûte très cher, señor. ";
            case "cjk" -> "日本語のテキストと中文文本以及한국어 텍스트를 포함합니다。";
            case "emoji" -> "😀😃😄😁😆😅🤣😂🙂🙃😉😊😇🥰😍🤩";
            default -> throw new IllegalArgumentException(kind);
        };
        ByteBuffer b = ByteBuffer.allocate(size);
        int i = 0;
        while (b.remaining() > 0) {
            int cp = sample.codePointAt(i);
            byte[] one = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
            b.put(one.length > b.remaining() ? new byte[] {' '} : one);
            i += Character.charCount(cp);
            if (i >= sample.length()) {
                i = 0;
            }
        }
        return b.flip();
    }

    /** Reference: strict JDK decode into a reused CharBuffer. */
    @Benchmark
    public boolean jdkDecoderReference() {
        decoder.reset();
        chars.clear();
        CoderResult result = decoder.decode(utf8.duplicate(), chars, true);
        return !result.isError();
    }

    // wsgate's io.wsgate.protocol.Utf8Validator is measured by WsgateUtf8ValidationBenchmark (src/jmh-wsgate/java).
}
