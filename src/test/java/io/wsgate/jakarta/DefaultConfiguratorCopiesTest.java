package io.wsgate.jakarta;

import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The default configurator when several web applications each have their own copy of wsgate (issue 8, defect 2).
 * A second copy of wsgate's classes is loaded from target/classes by a child-first class loader, as a second web
 * application's class loader would; the WebSocket API classes are shared, as in Tomcat's lib.
 */
class DefaultConfiguratorCopiesTest {

    /** Loads io.wsgate classes itself (a second copy), everything else from the test's class loader. */
    static final class SecondApplication extends URLClassLoader {
        SecondApplication() throws Exception {
            super(new URL[]{Path.of("target/classes").toUri().toURL()}, DefaultConfiguratorCopiesTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("io.wsgate.")) return super.loadClass(name, resolve);
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) c = findClass(name);
                if (resolve) resolveClass(c);
                return c;
            }
        }
    }

    /** Stands for Tomcat's DefaultServerEndpointConfigurator: every origin allowed. */
    static final class ContainerDefault extends ServerEndpointConfig.Configurator {
        @Override public boolean checkOrigin(String origin) { return true; }
    }

    /** Stands for Tomcat's API class, with its static cache of the platform default. */
    static final class SharedApi {
        @SuppressWarnings("unused") private static volatile ServerEndpointConfig.Configurator defaultImpl;
        @SuppressWarnings("unused") private static final Object defaultImplLock = new Object();
    }

    public static final class TrustsOneOrigin extends ServerEndpointConfig.Configurator {
        @Override public boolean checkOrigin(String origin) {
            return "https://trusted.example".equals(origin) || super.checkOrigin(origin);
        }
    }

    public static final class AllowsEveryOrigin extends ServerEndpointConfig.Configurator {
        @Override public boolean checkOrigin(String origin) { return true; }
    }

    private SecondApplication second;
    private ServerEndpointConfig.Configurator secondCopy;
    private ClassLoader previousContext;

    @BeforeEach
    void loadSecondCopy() throws Exception {
        second = new SecondApplication();
        Class<?> copy = second.loadClass(WsgateDefaultConfigurator.class.getName());
        assertNotSame(WsgateDefaultConfigurator.class, copy);
        secondCopy = (ServerEndpointConfig.Configurator) copy.getConstructor().newInstance();
        previousContext = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(getClass().getClassLoader());   // this application is served
    }

    @AfterEach
    void restore() throws Exception {
        Thread.currentThread().setContextClassLoader(previousContext);
        second.close();
    }

    /** Runs {@code check} inside a handshake of the second copy's wsgate. */
    private boolean inSecondApplicationsHandshake(boolean verdict, BooleanSupplier check) throws Exception {
        Method with = second.loadClass(WsgateDefaultConfigurator.class.getName())
                .getDeclaredMethod("withOriginVerdict", boolean.class, BooleanSupplier.class);
        with.setAccessible(true);
        return (Boolean) with.invoke(null, verdict, check);
    }

    @Test
    void anotherApplicationsCopyAnswersWithThisHandshakesVerdict() {
        assertFalse(WsgateDefaultConfigurator.withOriginVerdict(false, () -> secondCopy.checkOrigin("https://evil.example")),
                "another application's copy must not allow what this application's wsgate refused");
        assertTrue(WsgateDefaultConfigurator.withOriginVerdict(true, () -> secondCopy.checkOrigin("https://friend.example")));
    }

    @Test
    void aCopyAnswersFalseWhenNoHandshakeIsRunning() {
        assertFalse(secondCopy.checkOrigin("https://evil.example"));
        assertFalse(new WsgateDefaultConfigurator().checkOrigin("https://evil.example"));
    }

    @Test
    void thisCopyAnswersForTheOtherApplicationWhenItIsServed() throws Exception {
        Thread.currentThread().setContextClassLoader(second);
        WsgateDefaultConfigurator mine = new WsgateDefaultConfigurator();
        assertFalse(inSecondApplicationsHandshake(false, () -> mine.checkOrigin("https://evil.example")));
        assertTrue(inSecondApplicationsHandshake(true, () -> mine.checkOrigin("https://friend.example")));
        assertFalse(mine.checkOrigin("https://evil.example"));
    }

    @Test
    void anApplicationWithoutWsgateGetsTheDisplacedContainerDefault() throws Exception {
        try (URLClassLoader withoutWsgate = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            Thread.currentThread().setContextClassLoader(withoutWsgate);
            assertTrue(new WsgateDefaultConfigurator(new ContainerDefault()).checkOrigin("https://any.example"));
            ServerEndpointConfig.Configurator refusing = new ServerEndpointConfig.Configurator() {
                @Override public boolean checkOrigin(String origin) { return false; }
            };
            assertFalse(new WsgateDefaultConfigurator(refusing).checkOrigin("https://any.example"));
        }
    }

    @Test
    void theSharedStaticGetsAnAnsweringCopyAndIsGivenBackAtStop() throws Exception {
        Field cache = SharedApi.class.getDeclaredField("defaultImpl");
        cache.setAccessible(true);
        ContainerDefault tomcats = new ContainerDefault();
        cache.set(null, tomcats);

        SharedDefaultConfigurator.secureStaticCache(SharedApi.class);
        Object installed = cache.get(null);
        assertInstanceOf(WsgateDefaultConfigurator.class, installed);
        assertSame(tomcats, ((WsgateDefaultConfigurator) installed).displaced());
        assertFalse(WsgateDefaultConfigurator.withOriginVerdict(false, () -> ((WsgateDefaultConfigurator) installed).checkOrigin("https://evil.example")));

        SharedDefaultConfigurator.release(SharedApi.class, second);
        assertSame(installed, cache.get(null), "another application's stop leaves this one's copy");
        SharedDefaultConfigurator.release(SharedApi.class, WsgateDefaultConfigurator.class.getClassLoader());
        assertSame(tomcats, cache.get(null), "at stop the container's own default is back");

        cache.set(null, secondCopy);
        SharedDefaultConfigurator.secureStaticCache(SharedApi.class);
        assertSame(secondCopy, cache.get(null), "another application's copy already answers from the verdict");
        SharedDefaultConfigurator.release(SharedApi.class, second);
        assertNull(cache.get(null), "nothing of a stopped application stays in the static");
    }

    @Test
    void superReachesACopyThatKnowsTheVerdictEvenIfItsCacheHeldTheContainerDefault() throws Exception {
        TrustsOneOrigin configurator = new TrustsOneOrigin();
        Field instanceCache = ServerEndpointConfig.Configurator.class.getDeclaredField("containerDefaultConfigurator");
        instanceCache.setAccessible(true);
        instanceCache.set(configurator, new ContainerDefault());     // what a ServiceLoader could have found first

        assertFalse(WsgateDefaultConfigurator.decideOrigin(configurator, "https://evil.example", false));
        assertTrue(WsgateDefaultConfigurator.decideOrigin(configurator, "https://trusted.example", false));
        assertTrue(WsgateDefaultConfigurator.decideOrigin(configurator, "https://same.example", true));
    }

    @Test
    void aConfiguratorThatAllowsOtherOriginsOnPurposeStillDoes() {
        assertTrue(WsgateDefaultConfigurator.decideOrigin(new AllowsEveryOrigin(), "https://other.example", false));
    }
}
