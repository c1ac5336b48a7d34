package io.wsgate.cluster;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What nodes exchange, as bytes: a version, a kind, the sending node's id, a target (topic or user name) and a
 * payload. Strings are UTF-8 with an int length. A node recognises its own envelopes by the node id and ignores them,
 * so a message reaches the publishing node's subscribers once (delivered locally when published).
 */
public record Envelope(Kind kind, String nodeId, String target, byte[] payload) {

    static final byte VERSION = 1;

    public enum Kind {
        /** A text message to a topic's subscribers. */
        TOPIC_TEXT,
        TOPIC_BINARY,
        /** A text message to every session of a user. */
        USER_TEXT,
        USER_BINARY,
        /** The user (payload) subscribed to the topic (target): its first session on the sending node. */
        JOIN,
        /** The user's last session on the sending node left the topic. */
        LEAVE,
        /** The sending node's whole presence (payload: {@link #encodePresence}), every heartbeat interval. */
        HEARTBEAT,
        /** The sending node stops: its users leave now rather than when its heartbeats expire. */
        BYE
    }

    private static final Kind[] KINDS = Kind.values();

    public byte[] encode() {
        byte[] node = nodeId.getBytes(StandardCharsets.UTF_8);
        byte[] to = target.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(2 + 12 + node.length + to.length + payload.length);
        out.put(VERSION).put((byte) kind.ordinal());
        out.putInt(node.length).put(node).putInt(to.length).put(to).putInt(payload.length).put(payload);
        return out.array();
    }

    /** The envelope in {@code bytes}; IllegalArgumentException if they are not one this version understands. */
    public static Envelope decode(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte version = in.get();
            if (version != VERSION) throw new IllegalArgumentException("envelope version " + version + ", expected " + VERSION);
            int kind = in.get();
            if (kind < 0 || kind >= KINDS.length) throw new IllegalArgumentException("unknown envelope kind " + kind);
            String node = string(in);
            String target = string(in);
            byte[] payload = bytes(in);
            if (in.hasRemaining()) throw new IllegalArgumentException(in.remaining() + " bytes after the envelope");
            return new Envelope(KINDS[kind], node, target, payload);
        } catch (java.nio.BufferUnderflowException | NegativeArraySizeException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("truncated envelope of " + bytes.length + " bytes", e);
        }
    }

    private static String string(ByteBuffer in) {
        return new String(bytes(in), StandardCharsets.UTF_8);
    }

    /**
     * A length-prefixed run of bytes. The length is checked against what is left before anything is allocated: an
     * envelope from elsewhere on the channel must not make this node allocate gigabytes.
     */
    private static byte[] bytes(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("length " + length + " with " + in.remaining() + " bytes left");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    /** A node's presence: per topic, the users subscribed. */
    static byte[] encodePresence(Map<String, ? extends Set<String>> topics) {
        int size = 4;
        for (Map.Entry<String, ? extends Set<String>> e : topics.entrySet()) {
            size += 8 + utf8Length(e.getKey());
            for (String user : e.getValue()) size += 4 + utf8Length(user);
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putInt(topics.size());
        for (Map.Entry<String, ? extends Set<String>> e : topics.entrySet()) {
            put(out, e.getKey());
            out.putInt(e.getValue().size());
            for (String user : e.getValue()) put(out, user);
        }
        return out.array();
    }

    /** A node's presence from {@link #encodePresence}; IllegalArgumentException if {@code payload} is not one. */
    static Map<String, Set<String>> decodePresence(byte[] payload) {
        try {
            ByteBuffer in = ByteBuffer.wrap(payload);
            int topics = in.getInt();
            Map<String, Set<String>> result = new LinkedHashMap<>();
            for (int t = 0; t < topics; t++) {
                String topic = string(in);
                int users = in.getInt();
                Set<String> names = new LinkedHashSet<>();
                for (int u = 0; u < users; u++) names.add(string(in));
                result.put(topic, names);
            }
            if (in.hasRemaining()) throw new IllegalArgumentException(in.remaining() + " bytes after the presence");
            return result;
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated presence of " + payload.length + " bytes", e);
        }
    }

    private static void put(ByteBuffer out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.putInt(bytes.length).put(bytes);
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
