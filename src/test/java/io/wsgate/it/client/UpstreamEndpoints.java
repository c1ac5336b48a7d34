package io.wsgate.it.client;

import jakarta.websocket.CloseReason;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/** Server endpoints the client tests connect to (deployed by wsgate on the three containers). */
public final class UpstreamEndpoints {

    private UpstreamEndpoints() {}

    /** Text back as text, binary as binary, up to 8 MiB; "close NNNN" closes with that code; "ping" pings the client. */
    @ServerEndpoint("/echo")
    public static class Echo {
        @OnMessage(maxMessageSize = 8 * 1024 * 1024)
        public void text(String text, Session session) throws IOException {
            if (text.startsWith("close ")) {
                session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(Integer.parseInt(text.substring(6))), "asked"));
                return;
            }
            if (text.equals("ping")) {
                session.getBasicRemote().sendPing(ByteBuffer.wrap(new byte[]{7}));
                return;
            }
            session.getBasicRemote().sendText(text);
        }

        @OnMessage(maxMessageSize = 8 * 1024 * 1024)
        public void binary(ByteBuffer data, Session session) throws IOException {
            session.getBasicRemote().sendBinary(data);
        }
    }

    /** Chooses a subprotocol among "b" and "c" (the client's order decides). */
    @ServerEndpoint(value = "/proto", subprotocols = {"c", "b"})
    public static class Proto {
        @OnOpen
        public void open(Session session) throws IOException {
            session.getBasicRemote().sendText("proto=" + session.getNegotiatedSubprotocol());
        }
    }

    /** Sends back the X-Client request header it saw, and answers with an X-Server header. */
    @ServerEndpoint(value = "/headers", configurator = HeaderConfigurator.class)
    public static class Headers {
        @OnOpen
        public void open(Session session) throws IOException {
            session.getBasicRemote().sendText("x-client=" + session.getUserProperties().get("x-client"));
        }
    }

    public static class HeaderConfigurator extends ServerEndpointConfig.Configurator {
        @Override
        public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
            List<String> values = request.getHeaders().get("X-Client");
            sec.getUserProperties().put("x-client", values == null ? null : String.join(",", values));
            response.getHeaders().put("X-Server", List.of("upstream"));
        }
    }

    static final Class<?>[] ALL = {Echo.class, Proto.class, Headers.class};
}
