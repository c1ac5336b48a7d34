package io.wsgate.client;

import io.wsgate.protocol.ExtensionOffer;

import java.util.List;
import java.util.Set;

/**
 * The extensions wsgate's client implements, and so may offer in {@code Sec-WebSocket-Extensions} and accept in the
 * server's answer: none yet. This is the one place to add one (permessage-deflate): list its name here, offer it
 * from {@link #offerable}, and set up the connection's codec from what {@link #check} accepted.
 */
public final class ClientExtensions {

    /** Names of the extensions the client implements. */
    public static final Set<String> IMPLEMENTED = Set.of();

    private ClientExtensions() {}

    /** What of the application's wishes goes into the request: those the client implements, in the given order. */
    public static List<ExtensionOffer> offerable(List<ExtensionOffer> wanted) {
        return wanted.stream().filter(e -> IMPLEMENTED.contains(e.name())).toList();
    }

    /**
     * Checks the server's choice against what was offered (RFC 6455 4.1: an extension not offered fails the
     * connection) and returns the extensions in use.
     */
    public static List<ExtensionOffer> check(List<ExtensionOffer> offered, List<ExtensionOffer> answered)
            throws HandshakeFailedException {
        for (ExtensionOffer e : answered) {
            if (offered.stream().noneMatch(o -> o.name().equalsIgnoreCase(e.name()))) {
                throw new HandshakeFailedException(101, "the server accepted the extension '" + e.name()
                        + "', which was not offered (offered: " + offered.stream().map(ExtensionOffer::name).toList() + ")");
            }
        }
        return answered;
    }

    /** The header value for the offers, or null for none. */
    static String header(List<ExtensionOffer> offers) {
        if (offers.isEmpty()) return null;
        StringBuilder b = new StringBuilder();
        for (ExtensionOffer o : offers) {
            if (b.length() > 0) b.append(", ");
            b.append(o.name());
            o.parameters().forEach((k, v) -> {
                b.append("; ").append(k);
                if (v != null) b.append('=').append(v);
            });
        }
        return b.toString();
    }
}
