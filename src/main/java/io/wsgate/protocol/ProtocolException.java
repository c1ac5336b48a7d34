package io.wsgate.protocol;

/** A violation by the peer that fails the connection with {@link #closeCode()}. */
public final class ProtocolException extends Exception {

    private final int closeCode;

    public ProtocolException(int closeCode, String message) {
        super(message, null, false, false);
        this.closeCode = closeCode;
    }

    public int closeCode() {
        return closeCode;
    }
}
