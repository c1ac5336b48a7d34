package io.wsgate.jakarta.session;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

class Utf8ChunksTest {

    @Test
    void utf8ChunksCarrySplitCodePoints() throws CharacterCodingException {
        byte[] bytes = "a€𝄞b".getBytes(StandardCharsets.UTF_8);      // 1 + 3 + 4 + 1 bytes
        StringBuilder out = new StringBuilder();
        Utf8Chunks chunks = new Utf8Chunks();
        for (int i = 0; i < bytes.length; i++) {
            out.append(chunks.decode(ByteBuffer.wrap(bytes, i, 1), i == bytes.length - 1));
        }
        assertEquals("a€𝄞b", out.toString());
        Utf8Chunks truncated = new Utf8Chunks();
        assertEquals("a", truncated.decode(ByteBuffer.wrap(bytes, 0, 2), false));
        assertThrows(CharacterCodingException.class, () -> truncated.decode(ByteBuffer.allocate(0), true));
    }
}
