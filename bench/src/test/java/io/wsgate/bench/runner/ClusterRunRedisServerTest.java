package io.wsgate.bench.runner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The cluster scenario's own redis-server (a real one, from the PATH): started, waited on, stopped. */
class ClusterRunRedisServerTest {

    @Test
    void waitsForSubscribersWhateverTheirChannelCountAndStopsTheServer(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("redis-server"), "redis-server is not installed (Debian: apt-get install redis-server)");
        URI uri;
        try (ClusterRun.RedisServer redis = ClusterRun.RedisServer.start(dir.resolve("redis.log"))) {
            uri = URI.create(redis.uri());
            try (Socket subscriber = new Socket(uri.getHost(), uri.getPort())) {
                OutputStream out = subscriber.getOutputStream();
                out.write("SUBSCRIBE a b\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                readUntilSecondConfirmation(subscriber.getInputStream());
                redis.awaitSubscribers(1); // one connection on two channels counts once (would time out otherwise)
            }
        }
        assertThrows(IOException.class, () -> new Socket(uri.getHost(), uri.getPort()).close(),
                "redis-server still listening after close()");
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (java.nio.file.Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** The two "subscribe" confirmations (one per channel) end with ":1" and ":2". */
    private static void readUntilSecondConfirmation(InputStream in) throws IOException {
        StringBuilder seen = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            seen.append((char) c);
            if (seen.toString().contains(":2\r\n")) {
                return;
            }
        }
        assertTrue(false, "connection closed before both subscriptions were confirmed: " + seen);
    }
}
