package io.wsgate.engine;

import io.wsgate.protocol.Masking;
import io.wsgate.protocol.Opcode;
import io.wsgate.protocol.Role;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine as a client: every frame it sends is masked, unmasked server frames are read, masked ones fail with 1002. */
class ClientRoleConnectionTest {

    /** Captures the bytes of queued frames as the wire would carry them. */
    private static final class WireTransport implements Transport {
        final FakeScheduler scheduler = new FakeScheduler();
        final List<byte[]> frames = new ArrayList<>();
        boolean closing;

        @Override public synchronized Offer enqueue(OutboundFrame frame) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                while (!frame.isWritten()) frame.writeTo(out::write, 1000);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            frames.add(out.toByteArray());
            frame.complete(null);
            return Offer.QUEUED;
        }
        @Override public void flush() {}
        @Override public void closeAfterFlush() { closing = true; }
        @Override public void abort() { closing = true; }
        @Override public void resumeReading() {}
        @Override public Scheduler scheduler() { return scheduler; }
    }

    /** Checks the MASK bit and unmasks: returns {opcode, payload...}. */
    private static byte[] unmask(byte[] frame) {
        assertTrue((frame[1] & 0x80) != 0, "MASK bit set");
        int len7 = frame[1] & 0x7F;
        int h = len7 <= 125 ? 2 : len7 == 126 ? 4 : 10;
        int key = ByteBuffer.wrap(frame, h, 4).getInt();
        byte[] payload = Arrays.copyOfRange(frame, h + 4, frame.length);
        Masking.apply(payload, 0, payload.length, key, 0);
        byte[] out = new byte[payload.length + 1];
        out[0] = (byte) (frame[0] & 0x0F);
        System.arraycopy(payload, 0, out, 1, payload.length);
        return out;
    }

    @Test
    void everyFrameSentIsMaskedWithItsOwnKeyAndTheCallersBufferIsUntouched() {
        WireTransport transport = new WireTransport();
        RecordingListener listener = new RecordingListener();
        WebSocketConnection c = new WebSocketConnection(listener, transport, new WebSocketPolicy().maxMessageSize(0), Role.CLIENT);
        c.start();
        byte[] big = new byte[100_000];
        new java.util.Random(3).nextBytes(big);
        byte[] original = big.clone();
        c.sendText("hello", SendCallback.NOOP);
        c.sendBinary(ByteBuffer.wrap(big), SendCallback.NOOP);
        c.sendPing(ByteBuffer.wrap(new byte[]{1, 2}), SendCallback.NOOP);
        c.close(1000, "bye");
        assertArrayEquals(original, big, "the caller's buffer is not masked in place");
        assertEquals(4, transport.frames.size());
        byte[] text = unmask(transport.frames.get(0));
        assertEquals(Opcode.TEXT, text[0]);
        assertEquals("hello", new String(text, 1, text.length - 1, StandardCharsets.UTF_8));
        byte[] binary = unmask(transport.frames.get(1));
        assertArrayEquals(original, Arrays.copyOfRange(binary, 1, binary.length));
        assertEquals(Opcode.PING, unmask(transport.frames.get(2))[0]);
        byte[] close = unmask(transport.frames.get(3));
        assertEquals(Opcode.CLOSE, close[0]);
        assertEquals(1000, ((close[1] & 0xFF) << 8) | (close[2] & 0xFF));
        Set<Integer> keys = new HashSet<>();
        for (byte[] f : transport.frames) {
            int len7 = f[1] & 0x7F;
            keys.add(ByteBuffer.wrap(f, len7 <= 125 ? 2 : len7 == 126 ? 4 : 10, 4).getInt());
        }
        assertTrue(keys.size() >= 3, "fresh keys per frame: " + keys);
    }

    @Test
    void theQueueChargeOfAMaskedFrameIsGivenBackWhole() {
        WireTransport transport = new WireTransport();
        WebSocketConnection c = new WebSocketConnection(new RecordingListener(), transport, new WebSocketPolicy(), Role.CLIENT);
        c.start();
        c.sendText("x".repeat(10), SendCallback.NOOP);
        c.sendBinary(ByteBuffer.allocate(20_000), SendCallback.NOOP);
        assertEquals(0, c.queuedBytes());
    }

    @Test
    void unmaskedServerFramesAreDeliveredAndPingsAnsweredMasked() {
        WireTransport transport = new WireTransport();
        RecordingListener listener = new RecordingListener();
        WebSocketConnection c = new WebSocketConnection(listener, transport, new WebSocketPolicy(), Role.CLIENT);
        c.start();
        c.onBytes(ByteBuffer.wrap(java.util.HexFormat.of().parseHex("810548656c6c6f" + "890548656c6c6f")));
        assertTrue(listener.events().contains("text Hello"), listener.events().toString());
        byte[] pong = unmask(transport.frames.get(0));
        assertEquals(Opcode.PONG, pong[0]);
        assertEquals("Hello", new String(pong, 1, pong.length - 1, StandardCharsets.UTF_8));
    }

    @Test
    void aMaskedServerFrameClosesWith1002() {
        WireTransport transport = new WireTransport();
        RecordingListener listener = new RecordingListener();
        WebSocketConnection c = new WebSocketConnection(listener, transport, new WebSocketPolicy(), Role.CLIENT);
        c.start();
        c.onBytes(ClientFrames.wrap(ClientFrames.text("masked")));
        byte[] close = unmask(transport.frames.get(0));
        assertEquals(Opcode.CLOSE, close[0]);
        assertEquals(1002, ((close[1] & 0xFF) << 8) | (close[2] & 0xFF));
        assertTrue(listener.events().stream().noneMatch(e -> e.startsWith("text")), listener.events().toString());
    }
}
