package io.wsgate.it.jakarta;

import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpointConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Programmatic endpoints and a configurator for {@link ProgrammaticEndpointTest}, deployed by a ServerApplicationConfig. */
final class ProgrammaticEndpoints {

    private ProgrammaticEndpoints() {}

    /** Deploys "/handlers" and "/configured"; leaves the scanned annotated classes out. */
    public static final class Config implements ServerApplicationConfig {
        @Override
        public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
            if (!scanned.contains(Handlers.class)) throw new IllegalStateException("Handlers was not scanned: " + scanned);
            return Set.of(
                    ServerEndpointConfig.Builder.create(Handlers.class, "/handlers").build(),
                    ServerEndpointConfig.Builder.create(Configured.class, "/configured/{room}")
                            .subprotocols(List.of("v1", "v2"))
                            .configurator(new RecordingConfigurator())
                            .build(),
                    ServerEndpointConfig.Builder.create(Extensions.class, "/extensions")
                            .extensions(List.of(new Named("x-endpoint"), new Named("x-other")))
                            .configurator(new ExtensionRecorder())
                            .build());
        }

        @Override
        public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
            return Set.of();
        }
    }

    /**
     * Whole text handler and partial binary handler; reports what happens when a second text handler is added.
     */
    public static final class Handlers extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class, text -> send(session, "whole:" + text));
            String second;
            try {
                session.addMessageHandler(String.class, text -> send(session, "second handler ran"));
                second = "second accepted";
            } catch (IllegalStateException expected) {
                second = "second refused:" + expected.getClass().getSimpleName();
            }
            session.addMessageHandler(new MessageHandler.Partial<ByteBuffer>() {
                @Override
                public void onMessage(ByteBuffer part, boolean last) {
                    send(session, "part:" + part.remaining() + ":" + last);
                }
            });
            send(session, second + ";handlers=" + session.getMessageHandlers().size());
        }
    }

    /** Sends what the configurator saw during the handshake, and the instance marker the configurator gave it. */
    public static final class Configured extends Endpoint {
        private final String madeBy;

        public Configured() { this("the default constructor"); }

        Configured(String madeBy) { this.madeBy = madeBy; }

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            send(session, "made by " + madeBy);
            send(session, "subprotocol=" + session.getNegotiatedSubprotocol());
            send(session, "seen=" + new TreeMap<>(config.getUserProperties()));
        }
    }

    /**
     * Records what modifyHandshake sees into the per-connection config's user properties, adds a response header,
     * accepts only the Origin "http://friend.example" (or none), prefers "v2", and creates the endpoint itself.
     */
    public static final class RecordingConfigurator extends ServerEndpointConfig.Configurator {
        @Override
        public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
            Map<String, Object> seen = sec.getUserProperties();
            seen.put("header", String.valueOf(request.getHeaders().get("X-Test")));
            seen.put("params", String.valueOf(new TreeMap<>(request.getParameterMap())));
            seen.put("query", String.valueOf(request.getQueryString()));
            seen.put("uri", String.valueOf(request.getRequestURI()));
            response.getHeaders().put("X-Configured", List.of("yes"));
        }

        @Override
        public boolean checkOrigin(String origin) {
            return origin == null || origin.equals("http://friend.example");
        }

        @Override
        public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
            return requested.contains("v2") && supported.contains("v2") ? "v2" : super.getNegotiatedSubprotocol(supported, requested);
        }

        @Override
        public <T> T getEndpointInstance(Class<T> endpointClass) {
            return endpointClass.cast(new Configured("the configurator"));
        }
    }

    /** An extension known only by its name, as an endpoint configuration declares it. */
    record Named(String getName) implements jakarta.websocket.Extension {
        @Override
        public List<Parameter> getParameters() { return List.of(); }
    }

    /** Reports what its configurator's getNegotiatedExtensions saw and answered, and what the session negotiated. */
    public static final class Extensions extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            send(session, config.getUserProperties().get("extensions") + " session=" + names(session.getNegotiatedExtensions()));
        }
    }

    /** Records getNegotiatedExtensions' arguments and the default's answer into the per-connection properties. */
    public static final class ExtensionRecorder extends ServerEndpointConfig.Configurator {
        private final ThreadLocal<String> negotiation = new ThreadLocal<>();

        @Override
        public List<jakarta.websocket.Extension> getNegotiatedExtensions(List<jakarta.websocket.Extension> installed,
                                                                         List<jakarta.websocket.Extension> requested) {
            List<jakarta.websocket.Extension> negotiated = super.getNegotiatedExtensions(installed, requested);
            negotiation.set("installed=" + names(installed) + " requested=" + withParameters(requested)
                    + " negotiated=" + withParameters(negotiated));
            return negotiated;
        }

        @Override
        public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
            sec.getUserProperties().put("extensions", negotiation.get());
            negotiation.remove();
        }
    }

    static List<String> names(List<jakarta.websocket.Extension> extensions) {
        return extensions.stream().map(jakarta.websocket.Extension::getName).toList();
    }

    static List<String> withParameters(List<jakarta.websocket.Extension> extensions) {
        return extensions.stream().map(e -> e.getName() + e.getParameters().stream()
                .map(p -> p.getName() + "=" + p.getValue()).toList().toString().replace(", ", ",")).toList();
    }

    static void send(Session session, String text) {
        try {
            session.getBasicRemote().sendText(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
