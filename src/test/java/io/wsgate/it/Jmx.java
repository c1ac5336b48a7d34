package io.wsgate.it;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import java.lang.management.ManagementFactory;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * wsgate's metrics as a JMX client sees them: through the platform MBean server, by name and attribute, with no
 * wsgate type involved. An application's MBean is found as the one its start registered (other servers of the
 * JVM may have an application at the same context path; they get another instance number).
 */
public final class Jmx {

    public static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    private Jmx() {}

    /** A started server and the name of its application's MBean. */
    public record Started(TestServer server, ObjectName application) implements AutoCloseable {
        /** The MBean of the application's endpoint at {@code pathTemplate}. */
        public ObjectName endpoint(String pathTemplate) {
            return Jmx.endpoint(application, pathTemplate);
        }

        @Override
        public void close() throws Exception {
            server.close();
        }
    }

    /** Starts a server and finds the one application MBean its start registered. */
    public static Started start(Supplier<TestServer> starter) {
        Set<ObjectName> before = applications();
        TestServer server = starter.get();
        Set<ObjectName> registered = new HashSet<>(applications());
        registered.removeAll(before);
        if (registered.size() != 1) {
            try {
                server.close();
            } catch (Exception ignored) {
                // failing anyway
            }
            throw new AssertionError("expected one application MBean registered by the start, found " + registered);
        }
        return new Started(server, registered.iterator().next());
    }

    public static Set<ObjectName> applications() {
        return SERVER.queryNames(name("io.wsgate:type=Application,*"), null);
    }

    /** The endpoint MBean beside {@code application}: same context (and instance), the path quoted. */
    public static ObjectName endpoint(ObjectName application, String pathTemplate) {
        String instance = application.getKeyProperty("instance");
        return name("io.wsgate:type=Endpoint,context=" + application.getKeyProperty("context")
                + (instance == null ? "" : ",instance=" + instance) + ",path=" + ObjectName.quote(pathTemplate));
    }

    public static boolean registered(ObjectName name) {
        return SERVER.isRegistered(name);
    }

    public static Object get(ObjectName name, String attribute) {
        try {
            return SERVER.getAttribute(name, attribute);
        } catch (Exception e) {
            throw new AssertionError("cannot read " + attribute + " of " + name, e);
        }
    }

    public static long number(ObjectName name, String attribute) {
        return ((Number) get(name, attribute)).longValue();
    }

    /** A {@code Map<String, Long>} attribute, which an MXBean shows as TabularData of key and value. */
    public static Map<String, Long> map(ObjectName name, String attribute) {
        Map<String, Long> map = new TreeMap<>();
        for (Object row : ((TabularData) get(name, attribute)).values()) {
            CompositeData entry = (CompositeData) row;
            map.put((String) entry.get("key"), (Long) entry.get("value"));
        }
        return map;
    }

    public static ObjectName name(String text) {
        try {
            return new ObjectName(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
