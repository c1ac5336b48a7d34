package io.wsgate.servlet;

import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redeploy must not leak: once an application's MBeans are unregistered, nothing JMX keeps (the MBean server,
 * the MXBean introspection caches) holds wsgate's classes, so the web application's class loader can go. wsgate is
 * loaded here by a class loader of its own, as a WAR's WEB-INF/lib would be.
 */
class MetricsClassLoaderReleaseTest {

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    @Test
    void afterUnpublishingNothingHoldsTheApplicationsClassLoader() throws Exception {
        WeakReference<ClassLoader> loader = publishReadAndUnpublish();
        for (int i = 0; i < 100 && loader.get() != null; i++) {
            System.gc();
            Thread.sleep(20);   // no event tells when a weak reference is cleared; bounded
        }
        assertTrue(loader.get() == null, "the application's class loader is still reachable after unregistering");
    }

    private static WeakReference<ClassLoader> publishReadAndUnpublish() throws Exception {
        URL classes = ApplicationMetrics.class.getProtectionDomain().getCodeSource().getLocation();
        URLClassLoader webapp = new URLClassLoader("webapp", new URL[] {classes}, ClassLoader.getPlatformClassLoader());
        Class<?> type = webapp.loadClass(ApplicationMetrics.class.getName());
        assertNotSame(ApplicationMetrics.class, type, "loaded apart from the test's copy");
        Constructor<?> constructor = type.getDeclaredConstructor(String.class);
        constructor.setAccessible(true);
        Object metrics = constructor.newInstance("/leak-check");
        Method endpoint = type.getDeclaredMethod("endpoint", String.class);
        endpoint.setAccessible(true);
        endpoint.invoke(metrics, "/rooms/{room}");
        Method publish = type.getDeclaredMethod("publish");
        publish.setAccessible(true);
        publish.invoke(metrics);

        ObjectName application = new ObjectName("io.wsgate:type=Application,context=/leak-check");
        ObjectName rooms = new ObjectName("io.wsgate:type=Endpoint,context=/leak-check,path=\"/rooms/{room}\"");
        assertTrue(SERVER.isRegistered(application));
        // what JConsole does: read the description and every attribute (this fills JMX's introspection caches)
        for (ObjectName name : new ObjectName[] {application, rooms}) {
            for (var attribute : SERVER.getMBeanInfo(name).getAttributes()) SERVER.getAttribute(name, attribute.getName());
        }

        Method unpublish = type.getDeclaredMethod("unpublish");
        unpublish.setAccessible(true);
        unpublish.invoke(metrics);
        assertFalse(SERVER.isRegistered(application));
        assertFalse(SERVER.isRegistered(rooms));
        webapp.close();
        return new WeakReference<>(webapp);
    }
}
