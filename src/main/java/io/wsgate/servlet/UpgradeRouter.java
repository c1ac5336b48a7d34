package io.wsgate.servlet;

import jakarta.servlet.http.HttpServletRequest;

import java.util.Collection;
import java.util.List;

/** Finds the endpoint for a path within the web application; layers such as the Jakarta API plug in their own. */
@FunctionalInterface
public interface UpgradeRouter {

    /** The endpoint serving {@code path} ({@code getServletPath() + getPathInfo()}), or null for none. */
    UpgradeEndpoint route(String path, HttpServletRequest request);

    /**
     * The path templates this router serves, as far as it knows them when the application starts (each gets its
     * metrics MBean then, others at their first handshake; the startup log line lists them).
     */
    default Collection<String> pathTemplates() {
        return List.of();
    }
}
