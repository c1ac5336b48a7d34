package io.wsgate.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Eight bytes at a time out of a byte array, for the masking and UTF-8 hot loops. */
final class ByteArrays {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private ByteArrays() {}

    static long getLong(byte[] bytes, int index) {
        return (long) LONGS.get(bytes, index);
    }

    static void putLong(byte[] bytes, int index, long value) {
        LONGS.set(bytes, index, value);
    }
}
