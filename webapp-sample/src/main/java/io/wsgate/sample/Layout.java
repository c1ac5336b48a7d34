package io.wsgate.sample;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * The frame every page shares, servlet-rendered or JSP: navigation, the signed-in user with a logout button, the
 * WebSocket state indicator and the notification area that live.js fills from /notifications.
 */
public final class Layout {

    private Layout() {}

    /** The signed-in user's name, or null. */
    public static String user(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? null : (String) session.getAttribute(AuthFilter.USER);
    }

    public static String header(HttpServletRequest request, String title) {
        String ctx = Html.escape(request.getContextPath());
        String user = user(request);
        StringBuilder out = new StringBuilder();
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(Html.escape(title)).append(" · wsgate sample</title>")
                .append("<link rel=\"stylesheet\" href=\"").append(ctx).append("/static/style.css\">")
                .append("<script src=\"").append(ctx).append("/static/live.js\" defer></script>")
                .append("</head>\n<body data-context=\"").append(ctx).append("\"")
                .append(user != null ? " data-user=\"" + Html.escape(user) + "\"" : "").append(">\n")
                .append("<header><nav><a href=\"").append(ctx).append("/\">Home</a>");
        if (user != null) {
            out.append(" <a href=\"").append(ctx).append("/room\">Chat</a>")
                    .append(" <a href=\"").append(ctx).append("/post\">Post a notice</a>")
                    .append(" <a href=\"").append(ctx).append("/status\">Status</a>");
        }
        out.append("</nav><div class=\"who\">");
        if (user != null) {
            out.append("signed in as <strong id=\"user\">").append(Html.escape(user)).append("</strong> ")
                    .append("<form method=\"post\" action=\"").append(ctx).append("/logout\" class=\"inline\">")
                    .append("<button id=\"logout\" type=\"submit\">Log out</button></form>")
                    .append(" <span id=\"ws-state\" class=\"ws-state\" data-state=\"idle\">live: idle</span>");
        } else {
            out.append("<a href=\"").append(ctx).append("/login\">Log in</a>");
        }
        out.append("</div></header>\n");
        if (user != null) out.append("<div id=\"notifications\" class=\"notifications\" aria-live=\"polite\"></div>\n");
        out.append("<main>\n<h1>").append(Html.escape(title)).append("</h1>\n");
        return out.toString();
    }

    public static String footer() {
        return "</main>\n<footer>wsgate sample · WebSocket through a servlet filter</footer>\n</body></html>\n";
    }
}
