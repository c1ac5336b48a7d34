package io.wsgate.jakarta;

import io.wsgate.engine.WebSocketListener;
import io.wsgate.jakarta.deploy.AnnotatedServerEndpointConfig;
import io.wsgate.jakarta.deploy.DeployedEndpoint;
import io.wsgate.jakarta.deploy.EndpointPaths;
import io.wsgate.jakarta.session.HttpSessionLink;
import io.wsgate.jakarta.session.JakartaConnection;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.websocket.CloseReason;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.*;

class HandshakeTest {

    /** Records what the configurator saw and adds a response header and a user property. */
    public static class Recording extends ServerEndpointConfig.Configurator {
        static HandshakeRequest lastRequest;
        static Object userPropertyDuringHandshake;

        @Override
        public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
            lastRequest = request;
            userPropertyDuringHandshake = sec.getUserProperties().get("shared");
            sec.getUserProperties().put("user", request.getUserPrincipal() == null ? "anonymous" : "someone");
            response.getHeaders().put("X-Custom", List.of("a", "b"));
            response.getHeaders().put("Sec-WebSocket-Accept", List.of("forged"));
        }

        @Override
        public boolean checkOrigin(String originHeaderValue) {
            return "https://trusted.example".equals(originHeaderValue) || super.checkOrigin(originHeaderValue);
        }
    }

    @ServerEndpoint(value = "/h/{id}", configurator = Recording.class, subprotocols = {"v2", "v1"})
    public static class Handshaken {
        static Map<String, Object> userProperties;

        @OnOpen public void open(Session session) { userProperties = session.getUserProperties(); }
    }

    @ServerEndpoint("/plain")
    public static class Plain {
        @OnOpen public void open() {}
    }

    static HttpServletRequest request(HttpSession httpSession) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getRequestURL()).thenReturn(new StringBuffer("http://localhost:8080/app/h/7"));
        when(request.getQueryString()).thenReturn("a=1&a=2");
        when(request.getParameterMap()).thenReturn(Map.of("a", new String[]{"1", "2"}));
        when(request.getHeaderNames()).thenReturn(Collections.enumeration(List.of("Host", "Sec-WebSocket-Extensions")));
        when(request.getHeaders("Host")).thenAnswer(i -> Collections.enumeration(List.of("localhost:8080")));
        when(request.getHeaders("Sec-WebSocket-Extensions")).thenAnswer(i -> Collections.enumeration(List.of("permessage-deflate")));
        when(request.getSession(false)).thenReturn(httpSession);
        when(request.isUserInRole("admin")).thenReturn(true);
        return request;
    }

    @Test
    void configuratorSeesTheRequestAndAddsResponseHeaders() throws Exception {
        WsgateServerContainer container = new WsgateServerContainer(null);
        container.addEndpoint(Handshaken.class);
        JakartaUpgradeEndpoint endpoint = (JakartaUpgradeEndpoint) container.route("/h/7", mock(HttpServletRequest.class));
        assertNotNull(endpoint);
        ServerEndpointConfig deployedConfig = ((AnnotatedServerEndpointConfig) firstConfig(container));
        deployedConfig.getUserProperties().put("shared", "from config");

        assertEquals("v1", endpoint.selectSubprotocol(List.of("v1", "v2"), null), "the client's order decides");
        assertNull(endpoint.selectSubprotocol(List.of("v3"), null));
        assertTrue(endpoint.checkOrigin("https://trusted.example", null, false), "the overriding configurator decides");
        assertFalse(endpoint.checkOrigin("https://evil.example", null, false), "super.checkOrigin is wsgate's verdict");
        assertTrue(endpoint.checkOrigin("https://evil.example", null, true));

        HttpServletResponse response = mock(HttpServletResponse.class);
        WebSocketListener listener = endpoint.accept(request(null), response, "v1");
        assertNotNull(listener);
        verify(response).setHeader("X-Custom", "a");
        verify(response).addHeader("X-Custom", "b");
        verify(response, never()).setHeader(eq("Sec-WebSocket-Accept"), anyString());

        HandshakeRequest seen = Recording.lastRequest;
        assertEquals(List.of("localhost:8080"), seen.getHeaders().get("HOST"), "header names are case-insensitive");
        assertEquals(Map.of("a", List.of("1", "2"), "id", List.of("7")), seen.getParameterMap(), "query and path parameters");
        assertEquals("a=1&a=2", seen.getQueryString());
        assertEquals("ws://localhost:8080/app/h/7?a=1&a=2", seen.getRequestURI().toString());
        assertNull(seen.getHttpSession());
        assertThrows(IllegalStateException.class, () -> seen.isUserInRole("admin"), "the request is gone after the handshake");
        assertThrows(UnsupportedOperationException.class, () -> seen.getHeaders().put("x", List.of()));
        assertEquals("from config", Recording.userPropertyDuringHandshake);

        FakeWebSocketSession ws = new FakeWebSocketSession();
        listener.onOpen(ws);
        assertEquals("anonymous", Handshaken.userProperties.get("user"), "modifyHandshake's changes reach the session");
        assertNull(deployedConfig.getUserProperties().get("user"), "and stay out of the endpoint's configuration");
        JakartaConnection connection = (JakartaConnection) listener;
        assertEquals("v1", connection.session().getNegotiatedSubprotocol());
        assertEquals(Map.of("id", "7"), connection.session().getPathParameters());
        assertEquals(List.of(), connection.session().getNegotiatedExtensions());
    }

    private static ServerEndpointConfig firstConfig(WsgateServerContainer container) throws Exception {
        java.lang.reflect.Field f = WsgateServerContainer.class.getDeclaredField("paths");
        f.setAccessible(true);
        @SuppressWarnings("unchecked")
        EndpointPaths<DeployedEndpoint> paths = (EndpointPaths<DeployedEndpoint>) f.get(container);
        return paths.endpoints().get(0).config();
    }

    @Test
    void withoutAnOverrideWsgatesOriginVerdictStands() throws Exception {
        WsgateServerContainer container = new WsgateServerContainer(null);
        container.addEndpoint(Plain.class);
        JakartaUpgradeEndpoint endpoint = (JakartaUpgradeEndpoint) container.route("/plain", mock(HttpServletRequest.class));
        assertFalse(endpoint.checkOrigin("https://evil.example", null, false));
        assertTrue(endpoint.checkOrigin("https://evil.example", null, true));
    }

    public static class FailingInstances extends ServerEndpointConfig.Configurator {
        @Override public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
            throw new InstantiationException("no instance today");
        }
    }

    @ServerEndpoint(value = "/noinstance", configurator = FailingInstances.class)
    public static class NoInstance {}

    @Test
    void anEndpointThatCannotBeCreatedAnswers500() throws Exception {
        WsgateServerContainer container = new WsgateServerContainer(null);
        container.addEndpoint(NoInstance.class);
        JakartaUpgradeEndpoint endpoint = (JakartaUpgradeEndpoint) container.route("/noinstance", mock(HttpServletRequest.class));
        HttpServletResponse response = mock(HttpServletResponse.class);
        assertNull(endpoint.accept(request(null), response, null));
        verify(response).sendError(500);
    }

    @Test
    void sessionsOpenedUnderAnHttpSessionCloseWith1008WhenItEnds() throws Exception {
        Map<String, Object> attributes = new HashMap<>();
        HttpSession httpSession = mock(HttpSession.class);
        when(httpSession.getAttribute(anyString())).thenAnswer(i -> attributes.get(i.<String>getArgument(0)));
        doAnswer(i -> attributes.put(i.getArgument(0), i.getArgument(1))).when(httpSession).setAttribute(anyString(), any());
        when(httpSession.getId()).thenReturn("before-login");

        WsgateServerContainer container = new WsgateServerContainer(null);
        container.addEndpoint(Plain.class);
        FakeWebSocketSession[] engines = {new FakeWebSocketSession(), new FakeWebSocketSession()};
        for (FakeWebSocketSession ws : engines) {
            JakartaUpgradeEndpoint endpoint = (JakartaUpgradeEndpoint) container.route("/plain", mock(HttpServletRequest.class));
            endpoint.accept(request(httpSession), mock(HttpServletResponse.class), null).onOpen(ws);
        }
        HttpSessionLink link = (HttpSessionLink) attributes.get(HttpSessionLink.ATTRIBUTE);
        assertEquals(2, link.size(), "one link per HttpSession, kept inside it");
        when(httpSession.getId()).thenReturn("after-login");      // changeSessionId keeps attributes: still linked
        link.valueUnbound(new HttpSessionBindingEvent(httpSession, HttpSessionLink.ATTRIBUTE));
        for (FakeWebSocketSession ws : engines) {
            assertEquals(CloseReason.CloseCodes.VIOLATED_POLICY.getCode(), ws.closeCode);
        }
    }
}
