package io.wsgate.jakarta.session;

import io.wsgate.jakarta.FakeWebSocketSession;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The hand-over buffer of a streamed message on its own (one thread: everything pushed before it is read): UTF-8
 * split anywhere, a one-char read of a two-char code point, the bound, the end, a cut-off message, an early return.
 */
class InboundStreamTest {

    private final FakeWebSocketSession ws = new FakeWebSocketSession();

    private static String readAll(Reader reader, int bufferSize) throws IOException {
        StringBuilder out = new StringBuilder();
        char[] buffer = new char[bufferSize];
        for (int n; (n = reader.read(buffer)) != -1; ) out.append(buffer, 0, n);
        return out.toString();
    }

    @Test
    void textSplitAtEveryByteReadsBackWholeEvenOneCharAtATime() throws Exception {
        String text = "aé€😀b😀";
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        for (int bufferSize : new int[]{1, 2, 64}) {
            InboundStream stream = new InboundStream(ws, true);
            for (int i = 0; i < utf8.length; i++) stream.push(ByteBuffer.wrap(utf8, i, 1), i == utf8.length - 1);
            assertEquals(text, readAll(new StreamReader(stream), bufferSize), "buffer of " + bufferSize);
        }
    }

    @Test
    void anIncompleteTailIsKeptForTheNextChunk() {
        assertEquals(0, InboundStream.incompleteUtf8("aé".getBytes(StandardCharsets.UTF_8)));
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        assertEquals(1, InboundStream.incompleteUtf8(new byte[]{'a', euro[0]}));
        assertEquals(2, InboundStream.incompleteUtf8(new byte[]{'a', euro[0], euro[1]}));
        byte[] emoji = "😀".getBytes(StandardCharsets.UTF_8);
        assertEquals(3, InboundStream.incompleteUtf8(new byte[]{emoji[0], emoji[1], emoji[2]}));
        assertEquals(0, InboundStream.incompleteUtf8(emoji));
    }

    @Test
    void readingIsSuspendedOnceEnoughWaitsAndResumedAtHalf() throws Exception {
        InboundStream stream = new InboundStream(ws, false);
        byte[] chunk = new byte[InboundStream.SUSPEND_AT / 4];
        for (int i = 0; i < 3; i++) stream.push(ByteBuffer.wrap(chunk), false);
        assertFalse(ws.readingSuspended());
        stream.push(ByteBuffer.wrap(chunk), false);
        assertTrue(ws.readingSuspended(), "suspended at " + InboundStream.SUSPEND_AT + " bytes waiting");

        InputStream in = new StreamInputStream(stream);
        assertEquals(chunk.length, in.read(new byte[chunk.length]));
        assertTrue(ws.readingSuspended(), "still three quarters waiting");
        assertEquals(chunk.length, in.read(new byte[chunk.length]));
        assertFalse(ws.readingSuspended(), "resumed at half");
    }

    @Test
    void aCompleteMessageHoldsReadingUntilTheHandlerFinished() throws Exception {
        InboundStream stream = new InboundStream(ws, false);
        stream.push(ByteBuffer.wrap(new byte[]{1, 2}), true);
        assertTrue(ws.readingSuspended(), "the next message waits for the handler");
        InputStream in = new StreamInputStream(stream);
        assertArrayEquals(new byte[]{1, 2}, in.readAllBytes());
        assertTrue(ws.readingSuspended(), "reading it all is not returning");
        stream.finish();
        assertFalse(ws.readingSuspended());
    }

    @Test
    void aCutOffMessageFailsTheReadButACompleteOneStaysReadable() throws Exception {
        InboundStream cut = new InboundStream(ws, true);
        cut.push(ByteBuffer.wrap("ab".getBytes(StandardCharsets.UTF_8)), false);
        cut.fail(new IOException("closed"));
        IOException e = assertThrows(IOException.class, () -> readAll(new StreamReader(cut), 8));
        assertEquals("closed", e.getMessage());

        InboundStream complete = new InboundStream(ws, true);
        complete.push(ByteBuffer.wrap("cd".getBytes(StandardCharsets.UTF_8)), true);
        complete.fail(new IOException("closed"));
        assertEquals("cd", readAll(new StreamReader(complete), 8));
    }

    @Test
    void afterTheHandlerReturnedTheRestIsDroppedAndTheStreamIsClosed() throws Exception {
        InboundStream stream = new InboundStream(ws, false);
        stream.push(ByteBuffer.wrap(new byte[InboundStream.SUSPEND_AT]), false);
        assertTrue(ws.readingSuspended());
        stream.finish();
        assertFalse(ws.readingSuspended(), "what the handler left is dropped, reading goes on");
        stream.push(ByteBuffer.wrap(new byte[InboundStream.SUSPEND_AT]), true);
        assertFalse(ws.readingSuspended(), "the rest of the message is dropped, not held");
        assertThrows(IOException.class, () -> new StreamInputStream(stream).read());
    }
}
