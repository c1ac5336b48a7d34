package io.wsgate.servlet.quirks;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** A raw-socket client that sends an upgrade GET and waits for the whole 101 head before sending anything else. */
public final class RawUpgradeClient implements Closeable {

    /** Safety net only: a broken container must fail the test, not hang it. */
    private static final int SOCKET_TIMEOUT_MS = 20_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String key;
    public final String statusLine;
    public final Map<String, String> headers = new LinkedHashMap<>();

    private RawUpgradeClient(int port, String path) throws IOException {
        this(port, path, "");
    }

    private RawUpgradeClient(int port, String path, String eagerBytes) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), SOCKET_TIMEOUT_MS);
        socket.setSoTimeout(SOCKET_TIMEOUT_MS);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        key = Base64.getEncoder().encodeToString(nonce);
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "\r\n" + eagerBytes;
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String[] lines = readHead().split("\r\n");
        statusLine = lines[0];
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
    }

    /** Connects, sends the upgrade request and returns once the response head has been read completely. */
    public static RawUpgradeClient upgrade(int port, String path) throws IOException {
        return new RawUpgradeClient(port, path);
    }

    /**
     * Like {@link #upgrade} but sends {@code eagerBytes} in the same write as the request, before the 101 (RFC 6455
     * forbids this; it shows what a container does with bytes that arrive with the upgrade request).
     */
    public static RawUpgradeClient upgradeEagerly(int port, String path, String eagerBytes) throws IOException {
        return new RawUpgradeClient(port, path, eagerBytes);
    }

    public boolean switched() {
        return statusLine.startsWith("HTTP/1.1 101");
    }

    public String expectedAccept() {
        return ProbeFilter.accept(key);
    }

    public void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Half-closes the connection: the server should see the end of its input. */
    public void endOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Reads exactly {@code n} bytes, or fewer if the server closes first. */
    public String receive(int n) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (bytes.size() < n) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            bytes.write(b);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Blocks until the server closes the connection (true) or sends a byte (false). */
    public boolean awaitClosedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (IOException reset) {
            return true;
        }
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside the response head: " + head.toString(StandardCharsets.US_ASCII));
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
