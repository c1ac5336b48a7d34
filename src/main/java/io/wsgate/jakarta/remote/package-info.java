/**
 * Sending: the session's {@code RemoteEndpoint.Basic} and {@code RemoteEndpoint.Async}, the send queue on top of
 * the engine with its one timer for send timeouts ({@link io.wsgate.jakarta.remote.Outbound}), blocking and
 * asynchronous completions, streamed and written partial messages, and the marking of engine threads, on which a
 * blocking send must not wait.
 * <p>
 * Depends on {@code io.wsgate.jakarta.session} for the session it sends for (open check, encoders, timeouts) and
 * the layer's logger, and on {@code io.wsgate.jakarta.coder}; the session package creates these classes, so the
 * two packages refer to each other.
 * <p>
 * wsgate-internal, not API: public only so the sibling packages can use it; it may change without notice.
 */
package io.wsgate.jakarta.remote;
