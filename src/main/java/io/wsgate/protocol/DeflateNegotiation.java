package io.wsgate.protocol;

import java.util.List;
import java.util.Map;

/**
 * Chooses the permessage-deflate offer to accept (RFC 7692 section 7): the offers are tried in the client's order
 * and the first valid one is accepted. An offer with an unknown or repeated parameter, a value where none is
 * allowed, or window bits that are not exactly one of {@code 8} to {@code 15}, is invalid and skipped (section
 * 7: "the server MUST decline"); the handshake never fails because of an offer.
 *
 * <p>wsgate can honour every valid offer: {@code server_max_window_bits} below 15 is met by Huffman-only output
 * (see {@link DeflateParameters#huffmanOnly}), and the JDK's {@code Inflater} reads a stream of any window size up
 * to 15, so {@code client_max_window_bits} needs nothing from us.
 */
public final class DeflateNegotiation {

    private DeflateNegotiation() {}

    /**
     * @param offers                every offer of the request, in order (any extension)
     * @param serverContextTakeover whether the server keeps its compression context between messages when the
     *                              client allows it; false answers {@code server_no_context_takeover} always
     * @return what to answer, or null when no offer of permessage-deflate is valid
     */
    public static DeflateParameters negotiate(List<ExtensionOffer> offers, boolean serverContextTakeover) {
        for (ExtensionOffer offer : offers) {
            if (!DeflateParameters.EXTENSION.equalsIgnoreCase(offer.name())) continue;
            DeflateParameters agreed = accept(offer, serverContextTakeover);
            if (agreed != null) return agreed;
        }
        return null;
    }

    /** Why {@code offer} is invalid, or null when it is valid (for tests and the log). */
    public static String invalidity(ExtensionOffer offer) {
        if (offer.hasRepeatedParameter()) return "a parameter is repeated";
        for (Map.Entry<String, String> p : offer.parameters().entrySet()) {
            String name = p.getKey();
            String value = p.getValue();
            switch (name) {
                case DeflateParameters.SERVER_NO_CONTEXT_TAKEOVER, DeflateParameters.CLIENT_NO_CONTEXT_TAKEOVER -> {
                    if (value != null) return name + " takes no value";
                }
                case DeflateParameters.SERVER_MAX_WINDOW_BITS -> {
                    if (windowBits(value) == 0) return name + " must be one of 8 to 15, not " + value;
                }
                case DeflateParameters.CLIENT_MAX_WINDOW_BITS -> {
                    if (value != null && windowBits(value) == 0) return name + " must be one of 8 to 15 or absent, not " + value;
                }
                default -> {
                    return "unknown parameter " + name;
                }
            }
        }
        return null;
    }

    private static DeflateParameters accept(ExtensionOffer offer, boolean serverContextTakeover) {
        if (invalidity(offer) != null) return null;
        Map<String, String> p = offer.parameters();
        boolean serverNoContext = p.containsKey(DeflateParameters.SERVER_NO_CONTEXT_TAKEOVER) || !serverContextTakeover;
        boolean clientNoContext = p.containsKey(DeflateParameters.CLIENT_NO_CONTEXT_TAKEOVER);
        String serverBits = p.get(DeflateParameters.SERVER_MAX_WINDOW_BITS);
        int serverWindow = serverBits == null ? 15 : windowBits(serverBits);
        // A valueless client_max_window_bits only says the client could use a smaller window: we need none, so the
        // answer leaves it out (the client then uses up to 15). A value is the client's own limit: echoed.
        String clientBits = p.get(DeflateParameters.CLIENT_MAX_WINDOW_BITS);
        int clientWindow = clientBits == null ? 0 : windowBits(clientBits);
        return new DeflateParameters(serverNoContext, clientNoContext, serverWindow, serverBits != null, clientWindow);
    }

    /** 8 to 15 written exactly so (RFC 7692 8.1.1: no sign, no leading zero), else 0. */
    private static int windowBits(String value) {
        if (value == null) return 0;
        return switch (value) {
            case "8" -> 8;
            case "9" -> 9;
            case "10" -> 10;
            case "11" -> 11;
            case "12" -> 12;
            case "13" -> 13;
            case "14" -> 14;
            case "15" -> 15;
            default -> 0;
        };
    }
}
