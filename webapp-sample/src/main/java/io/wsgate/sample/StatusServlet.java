package io.wsgate.sample;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;

/** The WebSocket sessions open right now, from the endpoints' own registries. */
public final class StatusServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        PrintWriter out = response.getWriter();
        out.print(Layout.header(request, "Status"));
        Object container = getServletContext().getAttribute(ServerContainer.class.getName());
        out.print("<p>WebSocket implementation: <code id=\"container\">"
                + Html.escape(container == null ? "none" : container.getClass().getName()) + "</code></p>\n");
        // static/status.js fetches this page every 2 s and swaps in this part, so the page follows the sessions live.
        out.print("<p class=\"muted\" id=\"status-updated\">updates itself every 2 s</p>\n<div id=\"status-live\">\n");
        table(out, "chat", "/chat", ChatRoom.members());
        table(out, "notifications", "/notifications", NotificationsEndpoint.open());
        out.print("<h2><code>/echo</code></h2><p>open: <span id=\"echo-count\">" + EchoEndpoint.openCount()
                + "</span></p>\n");
        out.print("</div>\n<script src=\"" + Html.escape(request.getContextPath()) + "/static/status.js\"></script>\n");
        out.print(Layout.footer());
    }

    private static void table(PrintWriter out, String id, String path, Map<Session, String> sessions) {
        out.print("<h2><code>" + path + "</code></h2><p>open: <span id=\"" + id + "-count\">" + sessions.size()
                + "</span></p>\n<table id=\"" + id + "-sessions\"><tr><th>session</th><th>user</th></tr>\n");
        for (Map.Entry<Session, String> e : sessions.entrySet()) {
            out.print("<tr><td>" + Html.escape(e.getKey().getId()) + "</td><td>" + Html.escape(e.getValue())
                    + "</td></tr>\n");
        }
        out.print("</table>\n");
    }
}
