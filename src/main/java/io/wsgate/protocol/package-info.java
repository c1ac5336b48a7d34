/**
 * RFC 6455 (and RFC 7692 negotiation syntax) as pure functions and small state machines, with no servlet or
 * WebSocket API import: the frame parser ({@link io.wsgate.protocol.FrameParser}, with UTF-8 validation and the
 * size limits) and what builds and reads frames, close payloads, handshake keys and header tokens. Everything above
 * ({@code engine}, {@code servlet}, {@code jakarta}) depends on this package, never the other way.
 */
package io.wsgate.protocol;
