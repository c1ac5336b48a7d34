package io.wsgate.jakarta;

import java.io.IOException;

/** An incoming message is larger than the session may buffer; the session closes with 1009 (too big). */
final class MessageTooBigException extends IOException {
    MessageTooBigException(String kind, long limit) {
        super("incoming " + kind + " message is larger than the session's buffer of " + limit + " bytes");
    }
}
