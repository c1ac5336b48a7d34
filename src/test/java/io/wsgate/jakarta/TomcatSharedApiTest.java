package io.wsgate.jakarta;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Against Tomcat's own {@code jakarta.websocket} API classes (from tomcat-embed-websocket, which keeps the platform
 * default configurator in the static {@code defaultImpl}): a plain {@code Configurator}'s checkOrigin, which is
 * what {@code super.checkOrigin} runs, reaches wsgate's verdict once the static is secured, and the static keeps
 * nothing of the application after it stops. The API and a copy of wsgate are loaded in a class loader of their
 * own, as Tomcat's lib and a web application would have them.
 */
class TomcatSharedApiTest {

    private static Path tomcatWebSocketJar() throws Exception {
        Path core = Path.of(org.apache.catalina.startup.Tomcat.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String version = core.getParent().getFileName().toString();
        return core.getParent().getParent().getParent().resolve("tomcat-embed-websocket").resolve(version)
                .resolve("tomcat-embed-websocket-" + version + ".jar");
    }

    @Test
    void superCheckOriginThroughTomcatsStaticFailsClosedAndTheStaticIsReleasedAtStop() throws Exception {
        Path jar = tomcatWebSocketJar();
        assumeTrue(Files.exists(jar), "tomcat-embed-websocket is in the local repository: " + jar);
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader app = new URLClassLoader(new URL[]{jar.toUri().toURL(), Path.of("target/classes").toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Thread.currentThread().setContextClassLoader(app);
            Class<?> api = app.loadClass("jakarta.websocket.server.ServerEndpointConfig$Configurator");
            Field defaultImpl = api.getDeclaredField("defaultImpl");
            defaultImpl.setAccessible(true);
            Object plain = api.getConstructor().newInstance();      // what an application configurator's super runs
            Method checkOrigin = api.getMethod("checkOrigin", String.class);
            Class<?> shared = app.loadClass(SharedDefaultConfigurator.class.getName());
            Class<?> wsgateDefault = app.loadClass(WsgateDefaultConfigurator.class.getName());
            Method withVerdict = wsgateDefault.getDeclaredMethod("withOriginVerdict", boolean.class, BooleanSupplier.class);
            withVerdict.setAccessible(true);
            BooleanSupplier superCheck = () -> {
                try {
                    return (Boolean) checkOrigin.invoke(plain, "https://evil.example");
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            };

            // Tomcat's own default got into the static first (an application using Tomcat's WebSocket was first).
            defaultImpl.set(null, app.loadClass("org.apache.tomcat.websocket.server.DefaultServerEndpointConfigurator")
                    .getConstructor().newInstance());
            Object tomcats = defaultImpl.get(null);
            assertTrue((Boolean) withVerdict.invoke(null, false, superCheck), "Tomcat's default allows every origin");

            Method secure = shared.getDeclaredMethod("secure", api);
            secure.setAccessible(true);
            secure.invoke(null, plain);
            assertSame(wsgateDefault, defaultImpl.get(null).getClass());
            assertFalse((Boolean) withVerdict.invoke(null, false, superCheck), "wsgate's verdict through super");
            assertTrue((Boolean) withVerdict.invoke(null, true, superCheck));
            assertFalse(superCheck.getAsBoolean(), "no handshake running: refused");

            Method release = shared.getDeclaredMethod("release", ClassLoader.class);
            release.setAccessible(true);
            release.invoke(null, app);
            assertSame(tomcats, defaultImpl.get(null), "the application stopped: Tomcat's default is back");
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }
}
