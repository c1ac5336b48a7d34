package io.wsgate.it.jakarta;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;

import java.io.IOException;
import java.security.Principal;
import java.util.EnumSet;

/**
 * A web application with its own login: {@code /login?user=NAME} stores the user in the HttpSession (with
 * {@code &rotate=1} it also changes the session id, as a login should against fixation), a filter in front of
 * wsgate's turns that attribute into the request's principal, and {@code /logout} invalidates the HttpSession.
 */
final class LoginApp {

    static final String USER = "user";

    private LoginApp() {}

    static void configure(ServletContext context) {
        var filter = context.addFilter("login", new LoginFilter());
        // before wsgate's filter, which the initializer mapped after the application's (isMatchAfter=true)
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        context.addServlet("logout", new LogoutServlet()).addMapping("/logout");
    }

    static final class LoginFilter extends HttpFilter {
        @Override
        protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            String login = request.getParameter(USER);
            if (login != null && request.getServletPath().equals("/login")) {
                HttpSession session = request.getSession(true);
                session.setAttribute(USER, login);
                if (request.getParameter("rotate") != null) request.changeSessionId();
            }
            HttpSession session = request.getSession(false);
            String user = session == null ? null : (String) session.getAttribute(USER);
            chain.doFilter(user == null ? request : new LoggedIn(request, user), response);
        }
    }

    /** The request as an authenticated one, the way a security framework's wrapper presents it. */
    static final class LoggedIn extends HttpServletRequestWrapper {
        private final String user;

        LoggedIn(HttpServletRequest request, String user) {
            super(request);
            this.user = user;
        }

        @Override
        public Principal getUserPrincipal() { return () -> user; }

        @Override
        public String getRemoteUser() { return user; }
    }

    static final class LogoutServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            HttpSession session = request.getSession(false);
            if (session != null) session.invalidate();
            response.setContentType("text/plain");
            response.getWriter().print(session != null ? "logged out" : "no session");
        }
    }

    /** Tells the client the user it sees and what the configurator saw in the handshake request. */
    @ServerEndpoint(value = "/secure", configurator = Secure.Recorder.class)
    public static final class Secure {
        @OnOpen
        public void open(Session session) throws IOException {
            Principal principal = session.getUserPrincipal();
            session.getBasicRemote().sendText("principal=" + (principal == null ? null : principal.getName())
                    + " handshake=" + session.getUserProperties().get("handshake"));
        }

        public static final class Recorder extends ServerEndpointConfig.Configurator {
            @Override
            public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
                Principal principal = request.getUserPrincipal();
                Object httpSession = request.getHttpSession();
                String user = httpSession instanceof HttpSession s ? (String) s.getAttribute(USER) : null;
                sec.getUserProperties().put("handshake", (principal == null ? null : principal.getName())
                        + "/" + (httpSession == null ? "no-session" : "session-user-" + user));
            }
        }
    }
}
