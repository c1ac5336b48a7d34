package io.wsgate.jakarta.session;

import jakarta.websocket.Extension;

import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;

/**
 * What a session keeps of its opening handshake: the request is recycled by the container once the upgrade is
 * done, so everything the Session API exposes is copied out of it first.
 */
public record HandshakeInfo(URI requestUri, String queryString, Map<String, List<String>> parameterMap, Principal userPrincipal,
                     boolean secure, String subprotocol, List<Extension> extensions) {}
