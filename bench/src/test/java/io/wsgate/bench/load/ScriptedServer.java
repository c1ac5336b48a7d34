package io.wsgate.bench.load;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A one-connection WebSocket server for tests that misbehaves on purpose, following a script after the upgrade. */
final class ScriptedServer implements AutoCloseable {

    interface Script {
        void run(DataInputStream in, OutputStream out) throws IOException;
    }

    private final ServerSocket socket;
    private final Thread thread;
    private final CompletableFuture<Void> scriptDone = new CompletableFuture<>();

    ScriptedServer(boolean correctAccept, Script script) throws IOException {
        this(correctAccept, null, script);
    }

    /** @param extensions the Sec-WebSocket-Extensions answer, or null for none */
    ScriptedServer(boolean correctAccept, String extensions, Script script) throws IOException {
        socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> {
            try (Socket client = socket.accept()) {
                DataInputStream in = new DataInputStream(client.getInputStream());
                OutputStream out = client.getOutputStream();
                String key = readKey(in);
                String accept = correctAccept ? Handshakes.accept(key) : Handshakes.accept(key + "x");
                out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + accept + "\r\n"
                        + (extensions == null ? "" : "Sec-WebSocket-Extensions: " + extensions + "\r\n")
                        + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                script.run(in, out);
                scriptDone.complete(null);
                client.getInputStream().read(); // hold the connection until the client is done
            } catch (IOException | RuntimeException | AssertionError e) {
                scriptDone.completeExceptionally(e);
            }
        }, "scripted-server");
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until the script has run to its end; throws what it threw. */
    void awaitScript() throws Exception {
        scriptDone.get(10, TimeUnit.SECONDS);
    }

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", socket.getLocalPort());
    }

    private static String readKey(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("EOF in request");
            }
            head.write(b);
        }
        for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
            if (line.toLowerCase().startsWith("sec-websocket-key:")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        throw new IOException("no key");
    }

    /** Reads one masked client frame and returns its unmasked payload. */
    static byte[] readClientFrame(DataInputStream in) throws IOException {
        return readClientFrame(in, new int[1]);
    }

    /** As {@link #readClientFrame(DataInputStream)}, putting the frame's first byte in {@code firstByte[0]}. */
    static byte[] readClientFrame(DataInputStream in, int[] firstByte) throws IOException {
        firstByte[0] = in.readUnsignedByte();
        int length = in.readUnsignedByte() & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        }
        byte[] mask = new byte[4];
        in.readFully(mask);
        byte[] payload = new byte[length];
        in.readFully(payload);
        for (int i = 0; i < length; i++) {
            payload[i] ^= mask[i & 3];
        }
        return payload;
    }

    /** Writes one unmasked server frame (payload under 126 bytes). */
    static void writeFrame(OutputStream out, int firstByte, byte[] payload) throws IOException {
        out.write(firstByte);
        out.write(payload.length);
        out.write(payload);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
