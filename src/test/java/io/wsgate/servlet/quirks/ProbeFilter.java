package io.wsgate.servlet.quirks;

import io.wsgate.servlet.ContainerQuirks;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** Answers any WebSocket-style upgrade with 101 and hands the connection to {@link ProbeHandler}. No validation. */
public final class ProbeFilter extends HttpFilter {

    /** The recorder of the upgrade in progress on this thread, for an init() that runs inside upgrade(). */
    static final ThreadLocal<ProbeRecorder> UPGRADING = new ThreadLocal<>();

    private final ProbeRecorder recorder;

    public ProbeFilter(ProbeRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public void init() {
        recorder.quirks(ContainerQuirks.forContext(getServletContext()));
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String key = request.getHeader("Sec-WebSocket-Key");
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade")) || key == null) {
            chain.doFilter(request, response);
            return;
        }
        if (recorder.answerBeforeUpgrade()) {
            recorder.quirks().beforeUpgrade(response); // status 101, Connection: Upgrade
        }
        response.setHeader("Upgrade", "websocket");
        response.setHeader("Sec-WebSocket-Accept", accept(key));
        ProbeHandler handler;
        UPGRADING.set(recorder);
        try {
            handler = request.upgrade(ProbeHandler.class);
        } catch (IOException | ServletException | RuntimeException e) {
            recorder.upgradeFailure.complete(e);
            throw e;
        } finally {
            UPGRADING.remove();
        }
        recorder.initInsideUpgrade.complete(handler.initialised());
        handler.attach(request, recorder);
    }

    static String accept(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
