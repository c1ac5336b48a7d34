package io.wsgate.servlet;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.WebConnection;

/** Placeholder until the container workarounds land: no workaround engaged. */
final class ContainerQuirks {

    static ContainerQuirks forContext(ServletContext context) {
        return new ContainerQuirks();
    }

    void beforeUpgrade(HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
        response.setHeader("Connection", "Upgrade");
    }

    void afterUpgrade(HttpServletRequest request, WebConnection connection) {
        try {
            if (request.isAsyncStarted()) request.getAsyncContext().setTimeout(0);
        } catch (IllegalStateException recycled) {
            // Tomcat has recycled the request by the time init() runs; it has no timeout to lift.
        }
    }
}
