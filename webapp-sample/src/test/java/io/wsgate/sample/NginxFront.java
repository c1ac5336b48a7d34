package io.wsgate.sample;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx in front of two sample nodes, configured from {@code cluster/nginx.conf.template} (the file
 * {@code cluster/run} uses): WebSocket proxying, sticky sessions by the session id's ".nodeA"/".nodeB" route.
 */
final class NginxFront implements Deployment {

    private final Path dir;
    private final int port;
    private final Process process;

    private NginxFront(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    static NginxFront start(int portA, int portB) throws Exception {
        Path nginx = Path.of("/usr/sbin/nginx");
        if (!Files.isExecutable(nginx)) {
            throw new IllegalStateException("nginx is needed by this test: install Debian's nginx package");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path dir = Files.createTempDirectory("wsgate-nginx");
        for (String temp : new String[] {"body", "proxy", "fastcgi", "uwsgi", "scgi"}) Files.createDirectories(dir.resolve(temp));
        String config = Files.readString(Path.of("cluster", "nginx.conf.template"))
                .replace("PREFIX", dir.toString()).replace("PORT_A", String.valueOf(portA))
                .replace("PORT_B", String.valueOf(portB)).replace("PORT_LB", String.valueOf(port));
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, config);
        Process process = new ProcessBuilder(nginx.toString(), "-e", dir.resolve("error.log").toString(),
                "-p", dir.toString(), "-c", conf.toString(), "-g", "daemon off;")
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
                break;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IOException("nginx did not start: " + Files.readString(dir.resolve("error.log")));
                }
                process.waitFor(50, TimeUnit.MILLISECONDS);     // readiness only: nginx's listening socket
            }
        }
        return new NginxFront(dir, port, process);
    }

    @Override
    public URI base() { return URI.create("http://127.0.0.1:" + port + "/"); }

    @Override
    public String name() { return "nginx in front of two nodes"; }

    @Override
    public void close() throws Exception {
        process.destroy();
        process.waitFor(30, TimeUnit.SECONDS);
    }
}
