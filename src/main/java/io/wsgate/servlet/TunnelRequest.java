package io.wsgate.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * An RFC 8441 handshake request as the origin check and the endpoints should see it. Jetty takes an extended
 * CONNECT's {@code getScheme()} from the client's {@code :scheme}, and Jetty's own HTTP/2 WebSocket client (12.1.14)
 * sends "http" for a wss: URI over TLS, while {@code isSecure()} tells the truth; left alone, the same-origin check
 * would refuse a page's own https Origin and an endpoint would see a ws: URI. Only the scheme, and the URL built from
 * it, are corrected, and only where they contradict the connection.
 */
final class TunnelRequest extends HttpServletRequestWrapper {

    private TunnelRequest(HttpServletRequest request) {
        super(request);
    }

    /** {@code request} itself where its scheme already agrees with its transport, else a corrected view of it. */
    static HttpServletRequest of(HttpServletRequest request) {
        return request.isSecure() && !"https".equalsIgnoreCase(request.getScheme()) ? new TunnelRequest(request) : request;
    }

    @Override
    public String getScheme() {
        return "https";
    }

    @Override
    public StringBuffer getRequestURL() {
        String host = getServerName();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) host = "[" + host + "]"; // an IPv6 literal
        StringBuffer url = new StringBuffer("https://").append(host);
        int port = getServerPort();
        if (port > 0 && port != 443) url.append(':').append(port);
        return url.append(getRequestURI());
    }
}
