/**
 * The Jakarta WebSocket 2.2 server API on top of wsgate's engine. This package holds what applications and
 * containers name: the {@code ServletContainerInitializer} ({@link io.wsgate.jakarta.WsgateInitializer}), the
 * listener for containers that do not run it ({@link io.wsgate.jakarta.WsgateListener}), the default configurator
 * ({@link io.wsgate.jakarta.WsgateDefaultConfigurator}) and the {@code ServerContainer}
 * ({@link io.wsgate.jakarta.WsgateServerContainer}), with the classes that install, scan and route for them.
 * <p>
 * The rest of the layer is wsgate-internal, in subpackages, each depending only on those after it:
 * {@code handshake} (the opening handshake as a configurator sees it), {@code deploy} (analysing and deploying
 * endpoints), {@code session} (one open session), {@code remote} (sending) and {@code coder} (what encoders and
 * decoders convert). Two exceptions: {@code session} and {@code remote} refer to each other (a session creates its
 * remote endpoints, which call back into it), and {@code deploy} uses this package's public
 * {@code WsgateDefaultConfigurator} as the default configurator.
 */
package io.wsgate.jakarta;
