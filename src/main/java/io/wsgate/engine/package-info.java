/**
 * One WebSocket connection, independent of any container: {@link io.wsgate.engine.WebSocketConnection} turns parsed
 * frames into messages for a {@link io.wsgate.engine.WebSocketListener} and messages into frames on a bounded
 * outbound queue, runs the closing handshake and the timers, and reaches the network only through a
 * {@link io.wsgate.engine.Transport} and time only through a {@link io.wsgate.engine.Scheduler} (which is what lets
 * its tests run in memory). {@link io.wsgate.engine.WebSocketPolicy} holds a connection's limits. This is also
 * wsgate's small engine API for applications that do not use Jakarta WebSocket.
 */
package io.wsgate.engine;
