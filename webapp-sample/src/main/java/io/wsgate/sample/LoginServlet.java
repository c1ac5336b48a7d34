package io.wsgate.sample;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;

/** Application-managed form login: GET shows login.jsp, POST checks the password and signs the user in. */
public final class LoginServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        request.getRequestDispatcher("/WEB-INF/jsp/login.jsp").forward(request, response);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        String user = request.getParameter("user");
        if (!Users.check(user, request.getParameter("password"))) {
            request.setAttribute("error", "Unknown user or wrong password.");
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            request.getRequestDispatcher("/WEB-INF/jsp/login.jsp").forward(request, response);
            return;
        }
        HttpSession session = request.getSession(true);
        request.changeSessionId();      // a new id on sign-in: no session fixation
        session.setAttribute(AuthFilter.USER, user);
        response.sendRedirect(request.getContextPath() + safeNext(request.getParameter("next")));
    }

    /** Only paths inside this application, never another site. */
    private static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")) return "/";
        return next;
    }
}
