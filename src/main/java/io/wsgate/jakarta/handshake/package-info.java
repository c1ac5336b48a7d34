/**
 * The opening handshake as a Jakarta configurator sees it: the request copied out of the servlet request, the
 * response headers it may add, the offered extensions, and the per-connection copy of the endpoint
 * configuration. {@link io.wsgate.jakarta.JakartaUpgradeEndpoint} runs the handshake with these.
 * <p>
 * Depends on nothing else in the Jakarta layer (only the Servlet and WebSocket APIs).
 * <p>
 * wsgate-internal, not API: public only so the sibling packages can use it; it may change without notice.
 */
package io.wsgate.jakarta.handshake;
