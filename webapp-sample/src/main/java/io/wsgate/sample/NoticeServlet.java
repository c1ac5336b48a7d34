package io.wsgate.sample;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * An ordinary form, Post/Redirect/Get: POST stores the notice, pushes it to every open page through
 * {@link NotificationsEndpoint}, and redirects back to GET, so a reload does not post twice.
 */
public final class NoticeServlet extends HttpServlet {

    private static final int KEEP = 20;
    private final Deque<String> notices = new ArrayDeque<>();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> recent;
        synchronized (notices) {
            recent = new ArrayList<>(notices);
        }
        response.setContentType("text/html;charset=UTF-8");
        PrintWriter out = response.getWriter();
        out.print(Layout.header(request, "Post a notice"));
        if (request.getParameter("sent") != null) out.print("<p id=\"sent\" class=\"ok\">Notice sent to everyone online.</p>\n");
        out.print("""
                <p>A plain HTML form. After it is submitted, every open page of every signed-in user shows the notice
                at once, pushed through the <code>/notifications</code> WebSocket.</p>
                <form method="post" id="notice-form">
                  <label>Notice <input id="notice" name="notice" maxlength="500" required></label>
                  <button type="submit" id="send-notice">Send</button>
                </form>
                <h2>Recent notices</h2>
                <ul id="recent">
                """);
        for (String notice : recent) out.print("<li>" + Html.escape(notice) + "</li>\n");
        out.print("</ul>\n");
        out.print(Layout.footer());
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        request.setCharacterEncoding("UTF-8");
        String user = Layout.user(request);
        String notice = request.getParameter("notice");
        if (notice == null || notice.isBlank()) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "empty notice");
            return;
        }
        notice = notice.strip();
        synchronized (notices) {
            notices.addFirst(user + ": " + notice);
            while (notices.size() > KEEP) notices.removeLast();
        }
        NotificationsEndpoint.publish(user, notice);
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", request.getContextPath() + "/post?sent");
    }
}
