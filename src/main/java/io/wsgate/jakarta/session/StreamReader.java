package io.wsgate.jakarta.session;

import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The {@link Reader} a text message handler or stream decoder reads while the message arrives: decodes the UTF-8
 * of an {@link InboundStream} as the reader asks for characters, a chunk at a time (each chunk holds whole code
 * points). A read blocks until data arrives, returns -1 at the end of the message, and throws an IOException if
 * the message was cut off (a close, invalid UTF-8, a limit) or once the handler has returned.
 */
final class StreamReader extends Reader {

    private final InboundStream stream;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    /** A supplementary character's low surrogate, when the caller had room for only the high one. */
    private final CharBuffer pair = CharBuffer.allocate(2);
    private boolean closed;

    StreamReader(InboundStream stream) {
        this.stream = stream;
        pair.flip();
    }

    @Override
    public int read(char[] into, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, into.length);
        if (closed) throw new IOException("the Reader is closed");
        if (length == 0) return 0;
        if (pair.hasRemaining()) {
            into[offset] = pair.get();
            return 1;
        }
        CharBuffer out = CharBuffer.wrap(into, offset, length);
        while (out.position() == offset) {
            ByteBuffer chunk = stream.chunk();
            if (chunk == null) return -1;
            CoderResult result = decoder.decode(chunk, out, false);
            if (result.isError()) result.throwException();     // a CharacterCodingException, an IOException
            if (result.isOverflow() && out.position() == offset) {
                // Room for one char, and the next code point needs two: decode it aside and hand out half.
                pair.clear();
                result = decoder.decode(chunk, pair, false);
                if (result.isError()) result.throwException();
                pair.flip();
                out.put(pair.get());
            }
        }
        return out.position() - offset;
    }

    @Override
    public boolean ready() {
        return pair.hasRemaining() || stream.available() > 0;
    }

    /** Closing does not end the message: the rest is dropped when the handler returns. */
    @Override
    public void close() {
        closed = true;
    }
}
