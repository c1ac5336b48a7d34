package io.wsgate.it.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * src/test/node/echo-server.mjs, a WebSocket server written with Node's {@code ws}: an implementation independent of
 * wsgate for the client to talk to. Runs {@code npm ci} first when node_modules is missing (.ci/run does it too).
 */
final class NodeUpstream implements AutoCloseable {

    private static final Path DIR = Path.of("src/test/node");

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final int port;

    NodeUpstream() throws Exception {
        installOnce();
        process = new ProcessBuilder("node", "echo-server.mjs").directory(DIR.toFile()).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) lines.add(line);
            } catch (IOException e) {
                lines.add("(output ended: " + e + ")");
            }
        }, "node-upstream-output");
        reader.setDaemon(true);
        reader.start();
        String first = nextLine();
        if (!first.startsWith("PORT ")) throw new IllegalStateException("node echo-server.mjs did not start: " + first);
        port = Integer.parseInt(first.substring(5).trim());
    }

    private static synchronized void installOnce() throws Exception {
        if (Files.isDirectory(DIR.resolve("node_modules/ws"))) return;
        Process npm = new ProcessBuilder(List.of("npm", "ci", "--no-audit", "--no-fund")).directory(DIR.toFile())
                .redirectErrorStream(true).start();
        String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!npm.waitFor(180, TimeUnit.SECONDS) || npm.exitValue() != 0) {
            throw new IllegalStateException("npm ci in " + DIR + " failed (node and npm are needed, see .ci/run):\n" + output);
        }
    }

    /** The next line the server printed. */
    String nextLine() throws InterruptedException {
        String line = lines.poll(60, TimeUnit.SECONDS);
        if (line == null) throw new AssertionError("node echo-server.mjs printed nothing within 60 s");
        return line;
    }

    String url(String path) {
        return "ws://127.0.0.1:" + port + path;
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close(); // the server exits when its input ends
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
    }
}
