package io.wsgate.jakarta.handshake;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.websocket.server.HandshakeRequest;

import java.net.URI;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The opening handshake as the configurator sees it. Its parameter map holds the query parameters and then, as on
 * Tomcat, the endpoint's URI-template variables in the template's order, a variable's value replacing a query
 * parameter of the same name. Headers, parameters and the rest are copied when it is made
 * (the container recycles the request after the upgrade); only {@link #isUserInRole} asks the live request, and
 * only until the handshake is over.
 */
public final class WsgateHandshakeRequest implements HandshakeRequest {

    private final Map<String, List<String>> headers;
    private final Principal userPrincipal;
    private final URI requestUri;
    private final Object httpSession;
    private final Map<String, List<String>> parameterMap;
    private final String queryString;
    private volatile HttpServletRequest request;

    /** @param pathParameters the URI-template variables of the matched endpoint, in the template's order */
    public WsgateHandshakeRequest(HttpServletRequest request, Map<String, String> pathParameters) {
        this.request = request;
        this.headers = headers(request);
        this.userPrincipal = request.getUserPrincipal();
        this.requestUri = RequestUris.webSocketUri(request);
        this.httpSession = request.getSession(false);
        this.parameterMap = parameters(request, pathParameters);
        this.queryString = request.getQueryString();
    }

    private static Map<String, List<String>> headers(HttpServletRequest request) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Enumeration<String> names = request.getHeaderNames();
        while (names != null && names.hasMoreElements()) {
            String name = names.nextElement();
            List<String> values = headers.computeIfAbsent(name, n -> new ArrayList<>());
            Enumeration<String> each = request.getHeaders(name);
            while (each != null && each.hasMoreElements()) values.add(each.nextElement());
        }
        headers.replaceAll((name, values) -> List.copyOf(values));
        return Collections.unmodifiableMap(headers);
    }

    private static Map<String, List<String>> parameters(HttpServletRequest request, Map<String, String> pathParameters) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> parameters.put(name, List.of(values)));
        pathParameters.forEach((name, value) -> parameters.put(name, Collections.singletonList(value)));
        return Collections.unmodifiableMap(parameters);
    }

    /** The handshake is over: the request may be recycled from now on. */
    public void finish() {
        request = null;
    }

    @Override
    public Map<String, List<String>> getHeaders() { return headers; }

    @Override
    public Principal getUserPrincipal() { return userPrincipal; }

    @Override
    public URI getRequestURI() { return requestUri; }

    @Override
    public boolean isUserInRole(String role) {
        HttpServletRequest live = request;
        if (live == null) throw new IllegalStateException("the opening handshake is over");
        return live.isUserInRole(role);
    }

    @Override
    public Object getHttpSession() { return httpSession; }

    @Override
    public Map<String, List<String>> getParameterMap() { return parameterMap; }

    @Override
    public String getQueryString() { return queryString; }
}
