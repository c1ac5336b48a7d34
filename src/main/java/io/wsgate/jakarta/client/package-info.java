/**
 * The client side of the Jakarta WebSocket API: {@link io.wsgate.jakarta.client.WsgateClientContainer} (every
 * {@code connectToServer} overload, {@code ClientEndpointConfig} and its configurator, subprotocols, {@code ws} and
 * {@code wss}) and {@link io.wsgate.jakarta.client.WsgateContainerProvider}, the {@code ContainerProvider} service.
 * Connections run on {@code io.wsgate.client} (non-blocking NIO, the engine in client role); sessions, endpoint
 * callbacks, encoders and decoders are the server's ({@code io.wsgate.jakarta.session}, {@code io.wsgate.jakarta.deploy}).
 */
package io.wsgate.jakarta.client;
