package io.wsgate.bench.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.SplittableRandom;

/**
 * Upgrade requests prepared ahead of time: a pool of distinct Sec-WebSocket-Keys, each with its request bytes and
 * the Sec-WebSocket-Accept the server must answer with (RFC 6455 section 4.2.2).
 */
final class Handshakes {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int POOL = 256;

    private final ByteBuffer[] requests = new ByteBuffer[POOL];
    private final String[] accepts = new String[POOL];

    /** The extensions offered, or null for none. */
    private final String extensions;

    Handshakes(String host, int port, String path) {
        this(host, port, path, null);
    }

    /** @param extensions a Sec-WebSocket-Extensions offer sent with every handshake, or null */
    Handshakes(String host, int port, String path, String extensions) {
        this.extensions = extensions;
        SplittableRandom random = new SplittableRandom(0x6455L + port);
        String authority = host + ":" + port;
        for (int i = 0; i < POOL; i++) {
            byte[] nonce = new byte[16];
            random.nextBytes(nonce);
            String key = Base64.getEncoder().encodeToString(nonce);
            String request = "GET " + path + " HTTP/1.1\r\n"
                    + "Host: " + authority + "\r\n"
                    + "Upgrade: websocket\r\n"
                    + "Connection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + key + "\r\n"
                    + "Sec-WebSocket-Version: 13\r\n"
                    // Same origin as Host: accepted by every variant's default origin policy.
                    + "Origin: http://" + authority + "\r\n"
                    + (extensions == null ? "" : "Sec-WebSocket-Extensions: " + extensions + "\r\n")
                    + "\r\n";
            byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
            requests[i] = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
            accepts[i] = accept(key);
        }
    }

    String extensions() {
        return extensions;
    }

    ByteBuffer request(int id) {
        return requests[Math.floorMod(id, POOL)].duplicate();
    }

    String expectedAccept(int id) {
        return accepts[Math.floorMod(id, POOL)];
    }

    static String accept(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return Base64.getEncoder().encodeToString(sha1.digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
