package io.wsgate.jakarta;

import io.wsgate.engine.WebSocketListener;
import io.wsgate.engine.WebSocketPolicy;
import io.wsgate.jakarta.deploy.DeployedEndpoint;
import io.wsgate.jakarta.handshake.ExtensionHeader;
import io.wsgate.jakarta.handshake.ImplementedExtensions;
import io.wsgate.jakarta.handshake.PerConnectionConfig;
import io.wsgate.jakarta.handshake.WsgateHandshakeRequest;
import io.wsgate.jakarta.handshake.WsgateHandshakeResponse;
import io.wsgate.jakarta.session.HandshakeInfo;
import io.wsgate.jakarta.session.HttpSessionLink;
import io.wsgate.jakarta.session.JakartaConnection;
import io.wsgate.jakarta.session.Log;
import io.wsgate.jakarta.session.PathParameters;
import io.wsgate.protocol.DeflateParameters;
import io.wsgate.servlet.BadHandshakeException;
import io.wsgate.servlet.UpgradeEndpoint;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.websocket.Extension;
import jakarta.websocket.server.HandshakeRequest;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The opening handshake of one Jakarta endpoint, in the order WebSocket 2.2 section 3.1 gives: origin check,
 * subprotocol, extensions, then {@code modifyHandshake} (which sees the per-connection user properties and may add
 * response headers), then {@code getEndpointInstance}. wsgate's own same-origin verdict stands unless the
 * application's configurator overrides {@code checkOrigin}.
 */
final class JakartaUpgradeEndpoint implements UpgradeEndpoint {

    private final WsgateServerContainer container;
    private final DeployedEndpoint endpoint;
    private final Map<String, String> pathParameters;
    /** What {@link #negotiateDeflate} agreed, as {@code Session.getNegotiatedExtensions()} reports it. */
    private List<Extension> extensions = List.of();

    JakartaUpgradeEndpoint(WsgateServerContainer container, DeployedEndpoint endpoint, Map<String, String> pathParameters) {
        this.container = container;
        this.endpoint = endpoint;
        this.pathParameters = PathParameters.copyOf(pathParameters);
    }

    @Override
    public boolean checkOrigin(String origin, HttpServletRequest request, boolean wsgateVerdict) {
        if (!endpoint.decidesOrigin()) return wsgateVerdict;
        return WsgateDefaultConfigurator.decideOrigin(endpoint.configurator(), origin, wsgateVerdict);
    }

    @Override
    public String selectSubprotocol(List<String> offered, HttpServletRequest request) {
        String chosen = endpoint.configurator().getNegotiatedSubprotocol(endpoint.config().getSubprotocols(), offered);
        if (chosen == null || chosen.isEmpty()) return null;
        if (!offered.contains(chosen)) {
            Log.LOG.log(System.Logger.Level.WARNING, "configurator of " + endpoint + " chose subprotocol '" + chosen
                    + "', which the client did not offer; none is used");
            return null;
        }
        return chosen;
    }

    @Override
    public String pathTemplate() {
        return endpoint.path().path();      // "/rooms/{room}": metrics per deployed endpoint, not per room
    }

    @Override
    public WebSocketPolicy policy() {
        return null;    // the filter's limits; container defaults set through the API are applied at open
    }

    @Override
    public WebSocketListener accept(HttpServletRequest request, HttpServletResponse response, String subprotocol)
            throws IOException {
        PerConnectionConfig config = new PerConnectionConfig(endpoint.config());
        WsgateHandshakeRequest handshake;
        try {
            handshake = new WsgateHandshakeRequest(request, pathParameters);
        } catch (RuntimeException e) {
            // What the client sent cannot be read (Tomcat refuses a parameter without a name, the containers cap
            // the number of parameters): a bad request, answered 400 with a reason, not a 500 with a stack trace.
            Log.LOG.log(System.Logger.Level.DEBUG, "handshake request for " + endpoint + " unreadable", e);
            throw new BadHandshakeException("the request's query parameters cannot be read", e);
        }
        WsgateHandshakeResponse handshakeResponse = new WsgateHandshakeResponse();
        Object instance;
        try {
            endpoint.configurator().modifyHandshake(config, handshake, handshakeResponse);
            instance = endpoint.configurator().getEndpointInstance(endpoint.config().getEndpointClass());
            if (instance == null) throw new InstantiationException("getEndpointInstance returned null");
        } catch (InstantiationException | RuntimeException e) {
            Log.LOG.log(System.Logger.Level.ERROR, "WebSocket handshake for " + endpoint + " failed", e);
            response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            return null;
        } finally {
            handshake.finish();
        }
        handshakeResponse.copyTo(response);

        HandshakeInfo info = new HandshakeInfo(handshake.getRequestURI(), handshake.getQueryString(),
                handshake.getParameterMap(), handshake.getUserPrincipal(), request.isSecure(), subprotocol, extensions);
        HttpSessionLink link = handshake.getHttpSession() instanceof HttpSession httpSession
                ? HttpSessionLink.of(httpSession) : null;
        return new JakartaConnection(container.sessionSettings(endpoint), info, pathParameters, config,
                config.getUserProperties(), endpoint.callbacks(instance, pathParameters), endpoint.openSessions(),
                container.sessionLimits(), link);
    }

    /**
     * Asks the configurator, as the specification requires, with the endpoint's declared extensions and wsgate's
     * installed ones (as Tomcat does) and the client's offers; of its answer only what wsgate implements is used
     * ({@link ImplementedExtensions}). permessage-deflate is used when the application negotiates it, the endpoint
     * did not switch it off (user property {@value #DEFLATE_PROPERTY} = false), and the configurator's answer names
     * it. The parameters are wsgate's (the first valid offer's answer), whatever the configurator returned with the name.
     */
    @Override
    public DeflateParameters negotiateDeflate(DeflateParameters agreed, HttpServletRequest request) {
        List<Extension> requested = ExtensionHeader.parse(
                java.util.Collections.list(request.getHeaders(HandshakeRequest.SEC_WEBSOCKET_EXTENSIONS)));
        java.util.Set<Extension> installed = container.getInstalledExtensions();
        List<Extension> negotiated = endpoint.configurator().getNegotiatedExtensions(
                ImplementedExtensions.offeredToConfigurator(endpoint.config().getExtensions(), installed), requested);
        List<Extension> usable = ImplementedExtensions.usable(negotiated, installed);
        if (negotiated != null && usable.size() < negotiated.size()) {
            Log.LOG.log(System.Logger.Level.DEBUG, () -> "configurator of " + endpoint + " negotiated extensions "
                    + negotiated.stream().map(Extension::getName).toList() + "; wsgate implements " + usable.stream()
                    .map(Extension::getName).toList() + " of them, the others are not used");
        }
        boolean deflateNamed = usable.stream().anyMatch(e -> DeflateParameters.EXTENSION.equals(e.getName()));
        if (agreed == null || !deflateNamed || deflateSwitchedOff()) return null;
        extensions = ExtensionHeader.parse(List.of(agreed.responseHeader()));
        return agreed;
    }

    /** The endpoint's configuration property that switches permessage-deflate off for it ({@code false}). */
    static final String DEFLATE_PROPERTY = "io.wsgate.permessageDeflate";

    private boolean deflateSwitchedOff() {
        Object value = endpoint.config().getUserProperties().get(DEFLATE_PROPERTY);
        return Boolean.FALSE.equals(value) || "false".equalsIgnoreCase(String.valueOf(value));
    }
}
