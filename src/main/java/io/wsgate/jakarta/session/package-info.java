/**
 * One open session: {@link io.wsgate.jakarta.session.JakartaConnection} takes the engine's events for one
 * connection and drives the {@link io.wsgate.jakarta.session.WsgateSession} (the Jakarta {@code Session}), its
 * message handlers, its encoder and decoder instances and the sinks that assemble and decode incoming messages
 * (or, for Reader/InputStream handlers and stream decoders, hand them over as they arrive through a bounded
 * {@link io.wsgate.jakarta.session.InboundStream} to the handler on a stream thread); it calls the endpoint one
 * callback at a time and closes the session with its HttpSession. Also the layer's
 * logger ({@link io.wsgate.jakarta.session.Log}).
 * <p>
 * Depends on {@code io.wsgate.jakarta.remote} (the session creates and owns its remote endpoints, which call
 * back into it: the one cycle between these packages) and {@code io.wsgate.jakarta.coder}.
 * <p>
 * wsgate-internal, not API: public only so the sibling packages can use it; it may change without notice.
 */
package io.wsgate.jakarta.session;
