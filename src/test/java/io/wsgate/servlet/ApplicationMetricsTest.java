package io.wsgate.servlet;

import io.wsgate.engine.WebSocketSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** The counters, their sums, and how they appear on the platform MBean server. */
class ApplicationMetricsTest {

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();
    private final List<ApplicationMetrics> published = new ArrayList<>();

    @AfterEach
    void unpublish() {
        published.forEach(ApplicationMetrics::unpublish);
    }

    private ApplicationMetrics published(String contextPath) {
        ApplicationMetrics metrics = new ApplicationMetrics(contextPath);
        published.add(metrics);
        metrics.publish();
        return metrics;
    }

    private static WebSocketSession session(long queued) {
        WebSocketSession session = mock(WebSocketSession.class);
        when(session.queuedBytes()).thenReturn(queued);
        return session;
    }

    @Test
    void anEndpointCountsEachConnectionOnceAndEachCloseCode() {
        EndpointMetrics m = new EndpointMetrics("/app", "/rooms/{room}");
        WebSocketSession a = session(100), b = session(20), c = session(0);
        m.opened(a);
        m.opened(b);
        m.opened(c);
        assertEquals(3, m.getOpenSessions());
        assertEquals(120, m.getOutboundBytesQueued(), "what the open sessions hold now");
        m.closed(a, 1000);
        m.closed(a, 1000);     // a second report of the same close is not a second close
        m.closed(b, 1006);
        m.closed(null, 1011);  // never opened: nothing to count
        assertEquals(1, m.getOpenSessions());
        assertEquals(3, m.getSessionsOpened());
        assertEquals(2, m.getSessionsClosed());
        assertEquals(Map.of("1000", 1L, "1006", 1L), m.getCloseCodes());
        assertEquals(0, m.getOutboundBytesQueued());
    }

    @Test
    void trafficIsCountedAsReportedAndCompressionStaysZeroUntilReported() {
        EndpointMetrics m = new EndpointMetrics("/app", "/echo");
        m.read(100);
        m.read(28);
        m.messageReceived();
        m.wrote(64, 2);
        m.wrote(0, 0);
        m.sendRefusedByOutboundBound();
        assertEquals(128, m.getBytesIn());
        assertEquals(1, m.getMessagesIn());
        assertEquals(64, m.getBytesOut());
        assertEquals(2, m.getMessagesOut());
        assertEquals(1, m.getSendsRefusedByOutboundBound());
        assertEquals(0, m.getBytesBeforeCompressionOut() + m.getBytesAfterCompressionOut()
                + m.getBytesBeforeInflationIn() + m.getBytesAfterInflationIn());
        m.compressedOutbound(1000, 300);
        m.inflatedInbound(200, 900);
        assertEquals(1000, m.getBytesBeforeCompressionOut());
        assertEquals(300, m.getBytesAfterCompressionOut());
        assertEquals(200, m.getBytesBeforeInflationIn());
        assertEquals(900, m.getBytesAfterInflationIn());
    }

    @Test
    void theApplicationSumsItsEndpointsAndListsEveryRefusalReason() {
        ApplicationMetrics app = new ApplicationMetrics("/app");
        EndpointMetrics echo = app.endpoint("/echo");
        EndpointMetrics rooms = app.endpoint("/rooms/{room}");
        assertTrue(echo == app.endpoint("/echo"), "one per template");
        assertEquals(ApplicationMetrics.UNNAMED, app.endpoint(null).getPath());
        echo.opened(session(5));
        rooms.opened(session(7));
        echo.read(10);
        rooms.read(20);
        rooms.closed(null, 1000);
        assertEquals(2, app.getOpenSessions());
        assertEquals(12, app.getOutboundBytesQueued());
        assertEquals(30, app.getBytesIn());
        assertEquals(List.of("(unnamed)", "/echo", "/rooms/{room}"), app.getEndpoints());

        app.refused(RefusalKind.ORIGIN);
        app.refused(RefusalKind.ORIGIN);
        app.refused(RefusalKind.VERSION);
        Map<String, Long> refused = app.getHandshakesRefused();
        assertEquals(RefusalKind.values().length, refused.size(), "every reason, 0 included: " + refused);
        assertEquals(2L, refused.get("origin"));
        assertEquals(1L, refused.get("version"));
        assertEquals(0L, refused.get("stopping"));
        assertEquals(3, app.getHandshakesRefusedTotal());
    }

    @Test
    void rootContextIsSlash() {
        assertEquals("/", new ApplicationMetrics("").getContextPath());
    }

    @Test
    void publishedUnderReadableNamesWithTheEndpointsKnownThenAndLater() throws Exception {
        ApplicationMetrics app = new ApplicationMetrics("/metrics-test");
        app.endpoint("/echo");
        published.add(app);
        app.publish();
        ObjectName application = new ObjectName("io.wsgate:type=Application,context=/metrics-test");
        ObjectName echo = new ObjectName("io.wsgate:type=Endpoint,context=/metrics-test,path=\"/echo\"");
        assertEquals(application.toString(), app.objectName());
        assertTrue(SERVER.isRegistered(application));
        assertTrue(SERVER.isRegistered(echo));
        assertEquals("/echo", SERVER.getAttribute(echo, "Path"));

        app.endpoint("/rooms/{room}").opened(session(0));
        ObjectName rooms = new ObjectName("io.wsgate:type=Endpoint,context=/metrics-test,path=\"/rooms/{room}\"");
        assertTrue(SERVER.isRegistered(rooms), "an endpoint first seen after startup");
        assertEquals(1, SERVER.getAttribute(rooms, "OpenSessions"));
        assertEquals(1, SERVER.getAttribute(application, "OpenSessions"));

        app.unpublish();
        assertFalse(SERVER.isRegistered(application));
        assertFalse(SERVER.isRegistered(echo));
        assertFalse(SERVER.isRegistered(rooms));
        assertNull(app.objectName());
        app.unpublish();   // idempotent
        app.publish();     // a stopped application's metrics stay unpublished (a start racing the stop)
        assertFalse(SERVER.isRegistered(application));
    }

    @Test
    void aSecondApplicationWithTheSameContextPathGetsAnInstanceNumber() throws Exception {
        ApplicationMetrics first = published("/same");
        ApplicationMetrics second = published("/same");
        first.endpoint("/x");
        second.endpoint("/x");
        assertEquals("io.wsgate:type=Application,context=/same", first.objectName());
        assertEquals("io.wsgate:type=Application,context=/same,instance=2", second.objectName());
        assertTrue(SERVER.isRegistered(new ObjectName("io.wsgate:type=Endpoint,context=/same,path=\"/x\"")));
        assertTrue(SERVER.isRegistered(new ObjectName("io.wsgate:type=Endpoint,context=/same,instance=2,path=\"/x\"")));

        first.unpublish();
        ApplicationMetrics third = published("/same");
        assertEquals("io.wsgate:type=Application,context=/same", third.objectName(), "the plain name is free again");
    }

    @Test
    void valuesThatCannotStandUnquotedAreQuoted() throws Exception {
        ApplicationMetrics odd = published("/a,b=c");
        ObjectName name = new ObjectName(odd.objectName());
        assertEquals("/a,b=c", ObjectName.unquote(name.getKeyProperty("context")));
        assertEquals(2, name.getKeyPropertyList().size(), name::toString);
        assertEquals("/app", MetricsJmx.value("/app"));
    }

    /** JConsole or any remote client must be able to read every attribute without wsgate's classes. */
    @Test
    void everyAttributeIsAJdkTypeWithADescription() throws Exception {
        ApplicationMetrics app = published("/types");
        app.endpoint("/e");
        Set<ObjectName> names = SERVER.queryNames(new ObjectName("io.wsgate:context=/types,*"), null);
        assertEquals(2, names.size(), names::toString);
        for (ObjectName name : names) {
            for (MBeanAttributeInfo attribute : SERVER.getMBeanInfo(name).getAttributes()) {
                String type = attribute.getType();
                assertTrue(isJdkType(type), name + " " + attribute.getName() + ": " + type);
                assertFalse(attribute.getDescription().isBlank());
                assertFalse(attribute.getDescription().equals(attribute.getName()), attribute.getName() + " described");
                SERVER.getAttribute(name, attribute.getName());     // and readable
            }
        }
    }

    private static boolean isJdkType(String type) throws ClassNotFoundException {
        if (Set.of("int", "long", "boolean").contains(type)) return true;
        Class<?> c = Class.forName(type.startsWith("[L") ? type.substring(2, type.length() - 1) : type);
        return c.getClassLoader() == null || c.getClassLoader() == ClassLoader.getPlatformClassLoader();
    }

    @Test
    void jmxIsOnByDefaultAndTakesOnlyTrueOrFalse() {
        assertTrue(WsgateSettings.parse(Map.of(), false).jmx);
        assertTrue(WsgateSettings.defaults().jmx);
        assertFalse(WsgateSettings.parse(Map.of("jmx", "false"), false).jmx);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WsgateSettings.parse(Map.of("jmx", "off"), false));
        assertTrue(e.getMessage().contains("init-param jmx"), e.getMessage());
    }
}
