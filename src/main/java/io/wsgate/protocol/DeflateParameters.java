package io.wsgate.protocol;

/**
 * What a permessage-deflate negotiation (RFC 7692 section 7) agreed on, as the server answers it.
 *
 * @param serverNoContextTakeover the server resets its compressor after each message (answered when the client
 *                                asked for it or the server's configuration wants it)
 * @param clientNoContextTakeover the client resets its compressor after each message (answered when offered), so
 *                                the server's decompressor keeps no state between messages either
 * @param serverMaxWindowBits     the largest LZ77 window the server's messages may refer back into, 8 to 15;
 *                                below 15 the server compresses without back-references (see {@link #huffmanOnly})
 * @param serverWindowAnswered    whether {@code server_max_window_bits} goes into the answer (it was offered)
 * @param clientMaxWindowBits     {@code client_max_window_bits} value echoed in the answer, or 0 for none
 */
public record DeflateParameters(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
                                int serverMaxWindowBits, boolean serverWindowAnswered, int clientMaxWindowBits) {

    public static final String EXTENSION = "permessage-deflate";
    public static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";
    public static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";
    public static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";
    public static final String CLIENT_MAX_WINDOW_BITS = "client_max_window_bits";

    /**
     * The JDK's {@code Deflater} always uses a 32 KiB window and cannot be told otherwise. Output without
     * back-references (Huffman coding only) needs no window at all, so it is valid for any window the client asks for.
     */
    public boolean huffmanOnly() {
        return serverMaxWindowBits < 15;
    }

    /** Whether the server's messages may refer back into earlier messages (context takeover, and a full window). */
    public boolean compressorKeepsContext() {
        return !serverNoContextTakeover && !huffmanOnly();
    }

    /** Whether the client's messages may refer back into earlier messages: our inflater then keeps its state. */
    public boolean decompressorKeepsContext() {
        return !clientNoContextTakeover;
    }

    /** The value of {@code Sec-WebSocket-Extensions} in the 101 response. */
    public String responseHeader() {
        StringBuilder sb = new StringBuilder(EXTENSION);
        if (serverNoContextTakeover) sb.append("; ").append(SERVER_NO_CONTEXT_TAKEOVER);
        if (clientNoContextTakeover) sb.append("; ").append(CLIENT_NO_CONTEXT_TAKEOVER);
        if (serverWindowAnswered) sb.append("; ").append(SERVER_MAX_WINDOW_BITS).append('=').append(serverMaxWindowBits);
        if (clientMaxWindowBits != 0) sb.append("; ").append(CLIENT_MAX_WINDOW_BITS).append('=').append(clientMaxWindowBits);
        return sb.toString();
    }

    @Override
    public String toString() {
        return responseHeader();
    }
}
