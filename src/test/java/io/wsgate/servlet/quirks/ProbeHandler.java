package io.wsgate.servlet.quirks;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;

import java.io.IOException;
import java.util.Arrays;

/**
 * Echoes raw bytes over an upgraded connection with non-blocking servlet I/O. Starts once both the upgrade request
 * (from the filter, after upgrade() returns) and the WebConnection (from init()) are known, in either order.
 */
public final class ProbeHandler implements HttpUpgradeHandler {

    private HttpServletRequest request;
    private ProbeRecorder recorder;
    private WebConnection connection;
    private boolean started;

    private ServletInputStream in;
    private ServletOutputStream out;
    private final byte[] buffer = new byte[4096];
    private byte[] pending;
    private boolean flushNeeded;
    private boolean closed;

    @Override
    public void init(WebConnection webConnection) {
        ProbeRecorder insideUpgrade = ProbeFilter.UPGRADING.get();
        synchronized (this) {
            connection = webConnection;
            if (recorder == null) {
                recorder = insideUpgrade; // init() inside upgrade(): the filter has not attached yet
            }
        }
        maybeStart();
    }

    synchronized boolean initialised() {
        return connection != null;
    }

    void attach(HttpServletRequest upgradeRequest, ProbeRecorder probeRecorder) {
        synchronized (this) {
            request = upgradeRequest;
            recorder = probeRecorder;
        }
        maybeStart();
    }

    private void maybeStart() {
        synchronized (this) {
            if (started || request == null || connection == null) {
                return;
            }
            started = true;
        }
        recorder.runHook(request, connection);
        try {
            in = connection.getInputStream();
            out = connection.getOutputStream();
            in.setReadListener(new ReadListener() {
                @Override
                public void onDataAvailable() {
                    pump();
                }

                @Override
                public void onAllDataRead() {
                    recorder.firstReadEvent.complete("eof");
                    recorder.inputEnded.complete(null);
                    close();
                }

                @Override
                public void onError(Throwable t) {
                    recorder.firstReadEvent.complete("error: " + t);
                    recorder.error.complete(t);
                }
            });
            out.setWriteListener(new WriteListener() {
                @Override
                public void onWritePossible() {
                    pump();
                }

                @Override
                public void onError(Throwable t) {
                    recorder.error.complete(t);
                }
            });
        } catch (IOException | RuntimeException e) {
            recorder.error.complete(e);
        }
    }

    /** Moves bytes from input to output as far as both streams allow without blocking. */
    private synchronized void pump() {
        try {
            while (!closed) {
                if (pending != null) {
                    if (!out.isReady()) {
                        return;
                    }
                    out.write(pending);
                    pending = null;
                    flushNeeded = true;
                } else if (flushNeeded) {
                    if (!out.isReady()) {
                        return;
                    }
                    out.flush();
                    flushNeeded = false;
                } else {
                    if (!in.isReady()) {
                        return;
                    }
                    int n = in.read(buffer);
                    if (n < 0) {
                        recorder.firstReadEvent.complete("eof");
                        return; // onAllDataRead follows
                    }
                    if (n > 0) {
                        recorder.firstReadEvent.complete("data");
                        pending = Arrays.copyOf(buffer, n);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            recorder.error.complete(e);
        }
    }

    private synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            connection.close();
        } catch (Exception ignored) {
            // the peer is gone or the container already closed it
        }
    }

    @Override
    public void destroy() {
        ProbeRecorder r;
        synchronized (this) {
            r = recorder;
        }
        if (r != null) {
            r.destroyed.complete(null);
        }
    }
}
