package io.wsgate.sample;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Nested classes that load but fail when their enclosing class is resolved, as a WAR can hold them: compiled here
 * and packaged without the enclosing class ({@link #MISSING_OUTER_ENDPOINT}, {@link #MISSING_OUTER_ANNOTATED}:
 * NoClassDefFoundError) or with a different copy of it that does not list them ({@link #DISOWNED_ANNOTATED}:
 * IncompatibleClassChangeError "disagree on InnerClasses attribute"). The library's tests have the same classes.
 */
final class UninspectableClasses {

    /** A static nested programmatic endpoint whose enclosing class is missing. */
    public static final String MISSING_OUTER_ENDPOINT = "odd.Outer$MissingOuterEndpoint";
    /** A public inner (non-static) annotated endpoint whose enclosing class is missing. */
    public static final String MISSING_OUTER_ANNOTATED = "odd.Outer$MissingOuterAnnotated";
    /** A public inner annotated endpoint whose enclosing class is another copy that does not declare it. */
    public static final String DISOWNED_ANNOTATED = "odd.Disowning$Disowned";

    public static final List<String> NAMES = List.of(MISSING_OUTER_ENDPOINT, MISSING_OUTER_ANNOTATED, DISOWNED_ANNOTATED);

    private UninspectableClasses() {}

    /** Compiles the classes into {@code dir} (a classes directory, e.g. WEB-INF/classes) as a WAR would hold them. */
    public static void writeTo(Path dir) {
        try {
            Path sources = Files.createTempDirectory("wsgate-odd-src");
            Path first = Files.createTempDirectory("wsgate-odd-classes");
            Path second = Files.createTempDirectory("wsgate-odd-classes2");
            Files.createDirectories(sources.resolve("odd"));
            Files.writeString(sources.resolve("odd/Outer.java"), """
                    package odd;
                    import jakarta.websocket.*;
                    import jakarta.websocket.server.ServerEndpoint;
                    public class Outer {
                        public static class MissingOuterEndpoint extends Endpoint {
                            @Override public void onOpen(Session session, EndpointConfig config) {}
                        }
                        @ServerEndpoint("/odd-inner")
                        public class MissingOuterAnnotated {
                            @OnMessage public String echo(String text) { return text; }
                        }
                    }
                    """);
            Files.writeString(sources.resolve("odd/Disowning.java"), """
                    package odd;
                    import jakarta.websocket.*;
                    import jakarta.websocket.server.ServerEndpoint;
                    public class Disowning {
                        @ServerEndpoint("/odd-disowned")
                        public class Disowned {
                            @OnMessage public String echo(String text) { return text; }
                        }
                    }
                    """);
            compile(first, sources.resolve("odd/Outer.java"), sources.resolve("odd/Disowning.java"));
            Files.writeString(sources.resolve("odd/Disowning.java"), "package odd;\npublic class Disowning {}\n");
            compile(second, sources.resolve("odd/Disowning.java"));

            Path target = Files.createDirectories(dir.resolve("odd"));
            Files.copy(first.resolve("odd/Outer$MissingOuterEndpoint.class"), target.resolve("Outer$MissingOuterEndpoint.class"));
            Files.copy(first.resolve("odd/Outer$MissingOuterAnnotated.class"), target.resolve("Outer$MissingOuterAnnotated.class"));
            Files.copy(first.resolve("odd/Disowning$Disowned.class"), target.resolve("Disowning$Disowned.class"));
            Files.copy(second.resolve("odd/Disowning.class"), target.resolve("Disowning.class"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void compile(Path out, Path... sources) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) throw new IllegalStateException("these tests need a JDK (javax.tools.JavaCompiler)");
        String apis = location(jakarta.websocket.Endpoint.class) + java.io.File.pathSeparator
                + location(jakarta.websocket.server.ServerEndpoint.class);
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-classpath", apis));
        for (Path source : sources) args.add(source.toString());
        int status = javac.run(null, null, null, args.toArray(String[]::new));
        if (status != 0) throw new IllegalStateException("javac failed for " + List.of(sources));
    }
}
