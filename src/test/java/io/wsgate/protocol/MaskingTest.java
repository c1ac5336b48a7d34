package io.wsgate.protocol;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class MaskingTest {

    private static byte[] naive(byte[] data, int from, int to, int key, int keyIndex) {
        byte[] out = data.clone();
        for (int i = from; i < to; i++) {
            int k = (keyIndex + (i - from)) & 3;
            out[i] ^= (byte) (key >>> (24 - 8 * k));
        }
        return out;
    }

    @Test
    void matchesTheByteByByteDefinitionAtEveryOffsetAndLength() {
        Random random = new Random(42);
        for (int len = 0; len < 40; len++) {
            for (int from = 0; from < 9; from++) {
                for (int keyIndex = 0; keyIndex < 4; keyIndex++) {
                    byte[] data = new byte[from + len + 3];
                    random.nextBytes(data);
                    int key = random.nextInt();
                    byte[] expected = naive(data, from, from + len, key, keyIndex);
                    int next = Masking.apply(data, from, from + len, key, keyIndex);
                    assertArrayEquals(expected, data);
                    assertEquals((keyIndex + len) & 3, next);
                }
            }
        }
    }

    @Test
    void directBuffersToo() {
        byte[] data = "Hello, masked world!".getBytes();
        ByteBuffer direct = ByteBuffer.allocateDirect(data.length).put(data).flip();
        Masking.apply(direct, 0x37fa213d, 1);
        byte[] got = new byte[data.length];
        direct.get(got);
        assertArrayEquals(naive(data, 0, data.length, 0x37fa213d, 1), got);
    }

    @Test
    void directBuffersOfEitherByteOrderAtEveryOffset() {
        Random random = new Random(7);
        for (java.nio.ByteOrder order : new java.nio.ByteOrder[]{java.nio.ByteOrder.BIG_ENDIAN, java.nio.ByteOrder.LITTLE_ENDIAN}) {
            for (int len = 0; len < 30; len++) {
                for (int keyIndex = 0; keyIndex < 4; keyIndex++) {
                    byte[] data = new byte[len];
                    random.nextBytes(data);
                    int key = random.nextInt();
                    ByteBuffer direct = ByteBuffer.allocateDirect(len + 3).order(order);
                    direct.position(3);
                    direct.put(data).position(3);
                    assertEquals((keyIndex + len) & 3, Masking.apply(direct, key, keyIndex));
                    byte[] got = new byte[len];
                    direct.get(got);
                    assertArrayEquals(naive(data, 0, len, key, keyIndex), got);
                }
            }
        }
    }

    @Test
    void rfcExample() {
        // RFC 6455 5.7: "Hello" masked with 37 fa 21 3d
        byte[] masked = {0x7f, (byte) 0x9f, 0x4d, 0x51, 0x58};
        Masking.apply(masked, 0, 5, 0x37fa213d, 0);
        assertArrayEquals("Hello".getBytes(), masked);
    }
}
