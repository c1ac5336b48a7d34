package io.wsgate.sample;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sample WAR with classes in WEB-INF/classes that cannot be inspected ({@link UninspectableClasses}: nested
 * classes whose enclosing class is missing or is another copy), in the Tomcat and Jetty distributions: the
 * application still deploys, its endpoints answer, and the log names each class left out.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UninspectableClassesIT {

    private Path war;

    @BeforeAll
    void buildWar() throws Exception {
        war = Path.of("target", "wsgate-webapp-sample-uninspectable.war").toAbsolutePath();
        Files.copy(SampleAppContract.WAR, war, StandardCopyOption.REPLACE_EXISTING);
        Path classes = Files.createTempDirectory("wsgate-uninspectable");
        UninspectableClasses.writeTo(classes);
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + war.toUri()), java.util.Map.of())) {
            Path target = Files.createDirectories(zip.getPath("/WEB-INF/classes/odd"));
            try (var files = Files.list(classes.resolve("odd"))) {
                for (Path file : (Iterable<Path>) files::iterator) Files.copy(file, target.resolve(file.getFileName().toString()));
            }
        }
    }

    @Test
    void tomcatDeploysTheApplicationAndNamesTheClassesLeftOut() throws Exception {
        try (TomcatDistribution tomcat = TomcatDistribution.start(war)) {
            check(tomcat, () -> String.join("\n", tomcat.logLines()));
        }
    }

    @Test
    void jettyDeploysTheApplicationAndNamesTheClassesLeftOut() throws Exception {
        try (JettyDistribution jetty = JettyDistribution.start(war, true)) {
            check(jetty, () -> String.join("\n", jetty.logLines()));
        }
    }

    private static void check(Deployment deployment, Supplier<String> log) {
        EchoProbe.Outcome echo = EchoProbe.roundTrip(deployment.ws("/echo"), Duration.ofSeconds(30));
        assertTrue(echo.served(), deployment.name() + ": /echo " + echo + "\n" + log.get());
        for (String skipped : List.of(UninspectableClasses.MISSING_OUTER_ANNOTATED, UninspectableClasses.DISOWNED_ANNOTATED)) {
            assertTrue(log.get().contains("class " + skipped + " cannot be inspected"),
                    deployment.name() + " did not log that " + skipped + " was left out:\n" + log.get());
        }
    }
}
