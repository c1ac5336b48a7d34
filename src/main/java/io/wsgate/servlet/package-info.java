/**
 * wsgate inside a servlet container: the filter an application maps ({@link io.wsgate.servlet.WsgateFilter}), the
 * handshake validation and the upgrade ({@link io.wsgate.servlet.WebSocketUpgrader}), the transport over
 * non-blocking servlet I/O, the routes to endpoints ({@link io.wsgate.servlet.WebSocketRoutes}), the per-application
 * settings, caps and threads, what is logged at startup, and the one place for container workarounds
 * ({@link io.wsgate.servlet.ContainerQuirks}). Depends on {@code engine} and {@code protocol}; the Jakarta layer
 * builds on it.
 */
package io.wsgate.servlet;
