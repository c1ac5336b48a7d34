package io.wsgate.servlet;

import jakarta.servlet.http.HttpServletRequest;

/** Finds the endpoint for a path within the web application; layers such as the Jakarta API plug in their own. */
@FunctionalInterface
public interface UpgradeRouter {

    /** The endpoint serving {@code path} ({@code getServletPath() + getPathInfo()}), or null for none. */
    UpgradeEndpoint route(String path, HttpServletRequest request);

    /** The paths or path templates this router serves, for the startup log line; empty if it cannot say. */
    default java.util.List<String> paths() {
        return java.util.List.of();
    }
}
