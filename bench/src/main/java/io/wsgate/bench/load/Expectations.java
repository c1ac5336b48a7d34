package io.wsgate.bench.load;

import java.nio.ByteBuffer;

/** FIFO of the messages a connection expects next (payload, opcode, when it was sent); a growable ring. */
final class Expectations {

    private ByteBuffer[] payloads = new ByteBuffer[16];
    private int[] opcodes = new int[16];
    private long[] sentNanos = new long[16];
    private int head;
    private int size;

    void add(ByteBuffer payload, int opcode, long sent) {
        if (size == payloads.length) {
            grow();
        }
        int tail = (head + size) & (payloads.length - 1);
        payloads[tail] = payload;
        opcodes[tail] = opcode;
        sentNanos[tail] = sent;
        size++;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    ByteBuffer peekPayload() {
        return payloads[head];
    }

    int peekOpcode() {
        return opcodes[head];
    }

    long removeSentNanos() {
        long sent = sentNanos[head];
        payloads[head] = null;
        head = (head + 1) & (payloads.length - 1);
        size--;
        return sent;
    }

    private void grow() {
        int capacity = payloads.length * 2;
        ByteBuffer[] newPayloads = new ByteBuffer[capacity];
        int[] newOpcodes = new int[capacity];
        long[] newSent = new long[capacity];
        for (int i = 0; i < size; i++) {
            int from = (head + i) & (payloads.length - 1);
            newPayloads[i] = payloads[from];
            newOpcodes[i] = opcodes[from];
            newSent[i] = sentNanos[from];
        }
        payloads = newPayloads;
        opcodes = newOpcodes;
        sentNanos = newSent;
        head = 0;
    }
}
