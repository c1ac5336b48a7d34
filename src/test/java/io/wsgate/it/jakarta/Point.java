package io.wsgate.it.jakarta;

import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import jakarta.websocket.EncodeException;
import jakarta.websocket.Encoder;

import java.nio.ByteBuffer;

/** A decoded message type for the coder tests: "x,y" as text, two big-endian ints as binary, "(x;y)" encoded. */
public record Point(int x, int y) {

    public static final class TextDecoder implements Decoder.Text<Point> {
        @Override
        public Point decode(String s) throws DecodeException {
            String[] parts = s.split(",");
            try {
                return new Point(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            } catch (RuntimeException e) {
                throw new DecodeException(s, "not a point: " + s, e);
            }
        }

        /** Only text with a comma is a point; other text goes to the String method. */
        @Override
        public boolean willDecode(String s) { return s.contains(","); }
    }

    public static final class BinaryDecoder implements Decoder.Binary<Point> {
        @Override
        public Point decode(ByteBuffer bytes) throws DecodeException {
            if (bytes.remaining() != 8) throw new DecodeException(bytes, "a binary point has 8 bytes, not " + bytes.remaining());
            return new Point(bytes.getInt(), bytes.getInt());
        }

        @Override
        public boolean willDecode(ByteBuffer bytes) { return true; }
    }

    public static final class TextEncoder implements Encoder.Text<Point> {
        @Override
        public String encode(Point p) throws EncodeException { return "(" + p.x + ";" + p.y + ")"; }
    }
}
