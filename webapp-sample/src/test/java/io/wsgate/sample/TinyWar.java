package io.wsgate.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The WAR of src/test/tiny-war (made from scratch and set up from README alone), built by a Maven of its own as a
 * user would build it: {@code mvn package} in that directory, against the same local repository (where
 * {@code mvn install} put wsgate), offline when this build is.
 */
final class TinyWar {

    private static Path built;

    private TinyWar() {}

    /** The packaged WAR, built on first use. */
    static synchronized Path war() throws Exception {
        if (built != null) return built;
        Path sources = Path.of(System.getProperty("tiny.project", "src/test/tiny-war")).toAbsolutePath();
        Path target = Path.of("target", "tiny-war").toAbsolutePath();
        if (Files.exists(target)) Tree.delete(target);
        Files.createDirectories(target);
        // Built in a copy, so that its target/ stays out of src/test.
        Path project = target.resolve("project");
        Tree.copy(sources, project);
        String mvn = Path.of(System.getProperty("maven.home", "/usr/share/maven"), "bin", "mvn").toString();
        List<String> command = new ArrayList<>(List.of(mvn, "-B", "-q", "package"));
        String repo = System.getProperty("maven.repo.local", "");
        if (!repo.isBlank()) command.add("-Dmaven.repo.local=" + repo);
        if ("offline=true".equals(System.getProperty("maven.offline"))) command.add("-o");
        try (ContainerProcess build = ContainerProcess.start("tiny-war-build", command, project,
                Map.of("JAVA_HOME", ContainerProcess.javaHome()), target.resolve("build.log"))) {
            build.awaitExit(300, TimeUnit.SECONDS);
        }
        Path war = project.resolve("target/tiny.war");
        if (!Files.isRegularFile(war)) throw new IllegalStateException("mvn package made no " + war);
        built = Files.copy(war, target.resolve("tiny.war"));
        return built;
    }

    /**
     * A copy of the WAR without the Jakarta WebSocket API jars: what declaring them {@code provided} (README warns
     * against it) produces.
     */
    static Path withoutWebSocketApi() throws Exception {
        Path source = war();
        Path copy = source.resolveSibling("tiny-api-provided.war");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(source));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(copy))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                if (entry.getName().startsWith("WEB-INF/lib/jakarta.websocket")) continue;
                out.putNextEntry(new ZipEntry(entry.getName()));
                copy(in, out);
                out.closeEntry();
            }
        }
        return copy;
    }

    /** The names of the jars in the WAR's WEB-INF/lib. */
    static List<String> libraries(Path war) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(war))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                if (entry.getName().startsWith("WEB-INF/lib/")) names.add(entry.getName().substring("WEB-INF/lib/".length()));
            }
        }
        return names;
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        in.transferTo(out);
    }
}
