package io.wsgate.jakarta;

/** The logger of the Jakarta WebSocket layer. */
final class Log {
    static final System.Logger LOG = System.getLogger("io.wsgate.jakarta");

    private Log() {}
}
