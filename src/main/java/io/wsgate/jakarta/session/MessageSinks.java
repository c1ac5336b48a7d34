package io.wsgate.jakarta.session;

import io.wsgate.engine.MessageAssembler;
import io.wsgate.jakarta.coder.Primitives;
import jakarta.websocket.DecodeException;
import jakarta.websocket.MessageHandler;

import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;

/**
 * Builds the sink for one incoming message from the handler registered for its native type. Messages read through a
 * Reader or InputStream, or by stream decoders only, are streamed: their handler runs on a thread of its own while
 * the message arrives ({@link StreamSink}), since the engine delivers chunks on the connection's I/O thread, which
 * must not block waiting for the rest. Other whole messages are collected up to the session's buffer size first.
 */
final class MessageSinks {

    /** Converts a whole message to the handler's type. */
    @FunctionalInterface
    interface Converter<I> {
        Object convert(I message) throws Exception;
    }

    private MessageSinks() {}

    @SuppressWarnings("unchecked")
    static MessageSink text(HandlerRegistration registration, DecoderSet decoders, StreamSink.Starter streams) {
        if (registration == null) return MessageSink.DISCARD;
        if (registration.partial()) {
            MessageHandler.Partial<String> handler = (MessageHandler.Partial<String>) registration.handler();
            Utf8Chunks utf8 = new Utf8Chunks();
            return (chunk, last) -> {
                String part = utf8.decode(chunk, last);
                if (!part.isEmpty() || last) handler.onMessage(part, last);
            };
        }
        MessageHandler.Whole<Object> handler = (MessageHandler.Whole<Object>) registration.handler();
        Class<?> type = registration.type();
        if (type == Reader.class) {
            return new StreamSink(true, in -> handler.onMessage(new StreamReader(in)), streams);
        }
        if (type != String.class && decoders != null && decoders.streamsTextFor(type)) {
            return new StreamSink(true, in -> handler.onMessage(decoders.decodeTextStream(type, new StreamReader(in))), streams);
        }
        Converter<String> converter = textConverter(type, decoders);
        // The engine has already refused a message over the session's limit (from its frame headers) and
        // validated the UTF-8, so the assembler only collects: a one-chunk message is decoded without a copy.
        MessageAssembler assembler = new MessageAssembler();
        return (chunk, last) -> {
            String message = assembler.text(chunk, last);
            if (message != null) handler.onMessage(converter.convert(message));
        };
    }

    @SuppressWarnings("unchecked")
    static MessageSink binary(HandlerRegistration registration, DecoderSet decoders, StreamSink.Starter streams) {
        if (registration == null) return MessageSink.DISCARD;
        if (registration.partial()) {
            boolean asArray = registration.type() == byte[].class;
            MessageHandler.Partial<Object> handler = (MessageHandler.Partial<Object>) registration.handler();
            // The chunk is a view of a read buffer pooled across the application's connections: the handler
            // gets a copy of its own, which it may keep.
            return (chunk, last) -> {
                byte[] part = new byte[chunk.remaining()];
                chunk.duplicate().get(part);
                handler.onMessage(asArray ? part : ByteBuffer.wrap(part), last);
            };
        }
        MessageHandler.Whole<Object> handler = (MessageHandler.Whole<Object>) registration.handler();
        Class<?> type = registration.type();
        if (type == InputStream.class) {
            return new StreamSink(false, in -> handler.onMessage(new StreamInputStream(in)), streams);
        }
        if (type != ByteBuffer.class && type != byte[].class && decoders != null && decoders.streamsBinaryFor(type)) {
            return new StreamSink(false,
                    in -> handler.onMessage(decoders.decodeBinaryStream(type, new StreamInputStream(in))), streams);
        }
        Converter<ByteBuffer> converter = binaryConverter(type, decoders);
        MessageAssembler assembler = new MessageAssembler();
        return (chunk, last) -> {
            ByteBuffer message = assembler.binary(chunk, last);
            if (message != null) handler.onMessage(converter.convert(message));
        };
    }

    static Converter<String> textConverter(Class<?> type, DecoderSet decoders) {
        if (type == String.class) return message -> message;
        if (type != null && decoders != null && decoders.hasTextFor(type)) return message -> decoders.decodeText(type, message);
        if (type != null && Primitives.isPrimitiveOrBoxed(type)) {
            return message -> {
                try {
                    return Primitives.parse(type, message);
                } catch (IllegalArgumentException e) {
                    throw new DecodeException(message, "cannot convert the text message to " + type.getName(), e);
                }
            };
        }
        throw new IllegalStateException("no conversion of text messages to " + type);
    }

    static Converter<ByteBuffer> binaryConverter(Class<?> type, DecoderSet decoders) {
        if (type == ByteBuffer.class) return message -> message;
        if (type == byte[].class) return message -> {
            byte[] copy = new byte[message.remaining()];
            message.duplicate().get(copy);
            return copy;
        };
        if (type != null && decoders != null && decoders.hasBinaryFor(type)) return message -> decoders.decodeBinary(type, message);
        throw new IllegalStateException("no conversion of binary messages to " + type);
    }

}
