package io.wsgate.it.app;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The application's ordinary servlet, behind the wsgate filter: answers a POST with its body unchanged and
 * anything else with "servlet METHOD PATH", so a test sees that a request passed through untouched.
 */
public final class PlainServlet extends HttpServlet {

    public static final String MARKER_HEADER = "X-Plain-Servlet";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body = request.getInputStream().readAllBytes();
        response.setHeader(MARKER_HEADER, "yes");
        if ("POST".equals(request.getMethod())) {
            response.setContentType(request.getContentType() != null ? request.getContentType() : "application/octet-stream");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
            return;
        }
        String path = request.getServletPath() + (request.getPathInfo() != null ? request.getPathInfo() : "");
        byte[] text = ("servlet " + request.getMethod() + " " + path).getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/plain;charset=UTF-8");
        response.setContentLength(text.length);
        response.getOutputStream().write(text);
    }
}
