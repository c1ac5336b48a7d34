package io.wsgate.jakarta.session;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;

/**
 * Decodes the UTF-8 chunks of one text message into strings, carrying a code point split across two chunks over
 * to the next call. The engine has validated the UTF-8 already; errors here still fail loudly.
 */
final class Utf8Chunks {

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] carry = new byte[4];
    private int carried;

    String decode(ByteBuffer chunk, boolean last) throws CharacterCodingException {
        ByteBuffer in;
        if (carried > 0) {
            in = ByteBuffer.allocate(carried + chunk.remaining());
            in.put(carry, 0, carried).put(chunk.duplicate()).flip();
            carried = 0;
        } else {
            in = chunk.duplicate();
        }
        CharBuffer out = CharBuffer.allocate(in.remaining() + 1);
        CoderResult result = decoder.decode(in, out, last);
        if (result.isError()) result.throwException();
        if (last) {
            result = decoder.flush(out);
            if (result.isError()) result.throwException();
            decoder.reset();
            if (in.hasRemaining()) throw new MalformedInputException(in.remaining());
        } else if (in.hasRemaining()) {
            if (in.remaining() > carry.length) throw new MalformedInputException(in.remaining());
            carried = in.remaining();
            in.get(carry, 0, carried);
        }
        return out.flip().toString();
    }
}
