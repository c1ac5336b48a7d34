package io.wsgate.bench.server;

import io.wsgate.bench.raw.RawEchoServer;
import jakarta.servlet.ServletContainerInitializer;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * One benchmark server in its own JVM: {@code java -cp <bench classes>:<variant classpath> ServerMain <variant> <port>}.
 *
 * <p>Prints {@value #READY} when it accepts connections, or {@value #FAILED} and a reason, then exits. It also exits
 * when its standard input closes, so a server never outlives the runner that started it.
 */
public final class ServerMain {

    public static final String READY = "WSGATE-BENCH READY";
    public static final String FAILED = "WSGATE-BENCH FAILED";

    private static final Map<String, String> LAUNCHERS = Map.of(
            "tomcat", "io.wsgate.bench.server.TomcatLauncher",
            "jetty", "io.wsgate.bench.server.JettyLauncher");

    private ServerMain() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: ServerMain <raw|tomcat-native|tomcat-wsgate|jetty-native|jetty-wsgate> <port>");
            System.exit(2);
        }
        String variant = args[0];
        int port = Integer.parseInt(args[1]);
        exitWhenStdinCloses();
        try {
            String description = start(variant, port);
            System.out.println(READY + " " + variant + " port=" + port + " " + description);
        } catch (Throwable e) {
            System.out.println(FAILED + " " + variant + ": " + rootMessage(e));
            e.printStackTrace(System.out);
            System.out.flush();
            Runtime.getRuntime().halt(3);
        }
    }

    private static String start(String variant, int port) throws Exception {
        if (variant.equals("raw")) {
            RawEchoServer.start(port);
            return "raw NIO echo (no container)";
        }
        String container = variant.substring(0, Math.max(0, variant.indexOf('-')));
        String launcherClass = LAUNCHERS.get(container);
        if (launcherClass == null || !(variant.endsWith("-native") || variant.endsWith("-wsgate"))) {
            throw new IllegalArgumentException("unknown variant " + variant);
        }
        List<ServletContainerInitializer> initializers = InitializerCheck.forVariant(variant);
        ServerLauncher launcher = (ServerLauncher) Class.forName(launcherClass).getDeclaredConstructor().newInstance();
        launcher.start(port, initializers);
        return launcher.describe() + ", initializers " + initializers.stream().map(i -> i.getClass().getName()).toList()
                + ", Java " + Runtime.version() + ", max heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB";
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            if (t instanceof IllegalStateException && t.getMessage() != null) {
                break;
            }
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    private static void exitWhenStdinCloses() {
        Thread watchdog = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() >= 0) {
                    // The runner never writes; we only wait for end of stream.
                }
            } catch (Exception ignored) {
                // Same as end of stream.
            }
            Runtime.getRuntime().halt(0);
        }, "stdin-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
