package io.wsgate.sample;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the scripts in src/test/node (Node's {@code ws} package) against an echo endpoint. */
final class NodeClient {

    record Result(int exitCode, String output) {}

    private static final Path DIR = Path.of(System.getProperty("node.client", "src/test/node"));

    private NodeClient() {}

    static Result runEchoCheck(String url) throws Exception {
        installOnce();
        return run(List.of("node", "echo-check.mjs", url), 180);
    }

    /** src/test/node/deflate-check.mjs: permessage-deflate negotiated with several ws options, then echoes. */
    static Result runDeflateCheck(String url) throws Exception {
        installOnce();
        return run(List.of("node", "deflate-check.mjs", url), 180);
    }

    /** npm ci from package-lock.json, unless .ci/run or an earlier test did it. */
    private static synchronized void installOnce() throws Exception {
        if (Files.isDirectory(DIR.resolve("node_modules/ws"))) return;
        Result install = run(List.of("npm", "ci", "--no-audit", "--no-fund"), 180);
        if (install.exitCode() != 0) throw new IllegalStateException("npm ci failed:\n" + install.output());
    }

    private static Result run(List<String> command, int timeoutSeconds) throws Exception {
        Process process = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new IllegalStateException(command + " did not end within " + timeoutSeconds + " s");
            }
            return new Result(process.exitValue(), output.get(30, TimeUnit.SECONDS));
        } finally {
            process.destroyForcibly();
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }
}
