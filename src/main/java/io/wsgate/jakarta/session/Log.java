package io.wsgate.jakarta.session;

/**
 * The logger of the whole Jakarta WebSocket layer, named {@code io.wsgate.jakarta}. It lives in this package
 * because the packages that log (the layer's entry points, deploy and remote) already depend on this one.
 */
public final class Log {
    public static final System.Logger LOG = System.getLogger("io.wsgate.jakarta");

    private Log() {}

    /**
     * An error no endpoint method handles. What the peer did wrong (a protocol violation, a message too big, a
     * connection gone) is routine on a public server and was already logged by the engine: debug level, no stack
     * trace. Anything else is the application's and gets a warning with its stack trace.
     */
    public static void unhandled(Class<?> endpoint, String sessionId, Throwable error) {
        String where = "unhandled error in WebSocket endpoint " + endpoint.getName() + " (session " + sessionId + ")";
        if (error instanceof io.wsgate.protocol.ProtocolException || error instanceof java.io.IOException) {
            LOG.log(System.Logger.Level.DEBUG, where + ": " + error);
        } else {
            LOG.log(System.Logger.Level.WARNING, where, error);
        }
    }
}
