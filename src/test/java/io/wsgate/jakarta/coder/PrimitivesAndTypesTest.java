package io.wsgate.jakarta.coder;

import jakarta.websocket.Decoder;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class PrimitivesAndTypesTest {

    @Test
    void convertsLikeTheBoxedStringConstructor() {
        assertEquals(42, Primitives.parse(int.class, "42"));
        assertEquals(42L, Primitives.parse(Long.class, "42"));
        assertEquals(true, Primitives.parse(boolean.class, "TRUE"));
        assertEquals(false, Primitives.parse(Boolean.class, "yes"));   // new Boolean("yes") is false
        assertEquals('x', Primitives.parse(char.class, "x"));
        assertEquals(1.5d, Primitives.parse(double.class, "1.5"));
        assertEquals((short) 7, Primitives.parse(Short.class, "7"));
        assertEquals((byte) -1, Primitives.parse(byte.class, "-1"));
        assertEquals(2.5f, Primitives.parse(Float.class, "2.5"));
        assertEquals("s", Primitives.parse(String.class, "s"));
        assertThrows(IllegalArgumentException.class, () -> Primitives.parse(int.class, "4x"));
        assertThrows(IllegalArgumentException.class, () -> Primitives.parse(char.class, "xy"));
        assertThrows(IllegalArgumentException.class, () -> Primitives.parse(byte.class, "300"));
    }

    @Test
    void primitiveOrBoxed() {
        assertTrue(Primitives.isPrimitiveOrBoxed(int.class));
        assertTrue(Primitives.isPrimitiveOrBoxed(Character.class));
        assertFalse(Primitives.isPrimitiveOrBoxed(String.class));
        assertFalse(Primitives.isPrimitiveOrBoxed(void.class));
        assertFalse(Primitives.isPrimitiveOrBoxed(java.math.BigDecimal.class));
    }

    static class Base<T> implements MessageHandler.Whole<T> {
        @Override public void onMessage(T message) {}
    }

    static class StringHandler extends Base<String> {}

    interface Named<A, B> extends MessageHandler.Partial<B> {}

    static class Swapped implements Named<Integer, ByteBuffer> {
        @Override public void onMessage(ByteBuffer partialMessage, boolean last) {}
    }

    static class ListDecoder implements Decoder.Text<List<String>> {
        @Override public List<String> decode(String s) { return List.of(s); }
        @Override public boolean willDecode(String s) { return true; }
        @Override public void init(EndpointConfig config) {}
        @Override public void destroy() {}
    }

    @Test
    void resolvesGenericArgumentsThroughHierarchies() {
        MessageHandler.Whole<byte[]> anonymous = new MessageHandler.Whole<>() {
            @Override public void onMessage(byte[] message) {}
        };
        assertEquals(byte[].class, GenericTypes.typeArgument(anonymous.getClass(), MessageHandler.Whole.class, 0));
        assertEquals(String.class, GenericTypes.typeArgument(StringHandler.class, MessageHandler.Whole.class, 0));
        assertEquals(ByteBuffer.class, GenericTypes.typeArgument(Swapped.class, MessageHandler.Partial.class, 0));
        assertEquals(List.class, GenericTypes.typeArgument(ListDecoder.class, Decoder.Text.class, 0));
        MessageHandler.Whole<String> lambda = message -> {};
        assertNull(GenericTypes.typeArgument(lambda.getClass(), MessageHandler.Whole.class, 0));
        assertNull(GenericTypes.typeArgument(Base.class, MessageHandler.Whole.class, 0));
    }
}
