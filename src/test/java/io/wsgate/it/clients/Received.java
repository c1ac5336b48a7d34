package io.wsgate.it.clients;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** One whole message a client received: text or binary. */
public record Received(boolean isText, String text, byte[] data) {

    static Received text(String text) { return new Received(true, text, null); }

    static Received binary(byte[] data) { return new Received(false, null, data); }

    @Override
    public String toString() {
        if (isText) return "text(" + (text.length() <= 64 ? "\"" + text + "\"" : text.length() + " chars") + ")";
        return "binary(" + (data.length <= 16 ? Arrays.toString(data) : data.length + " bytes") + ")";
    }

    /** For messages in a failure report only. */
    String describe() {
        return isText ? text : new String(data, StandardCharsets.ISO_8859_1);
    }
}
