package io.wsgate.servlet;

import io.wsgate.servlet.ContainerQuirks.Workaround;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Container detection from the server-info string, without a container. */
class ContainerQuirksTest {

    @Test
    void jetty12EngagesAllWorkarounds() {
        ContainerQuirks quirks = ContainerQuirks.detect("jetty/12.1.14", "org.eclipse.jetty.ee11.servlet.ServletContextHandler$ServletContextApi");
        assertEquals(EnumSet.allOf(Workaround.class), quirks.engaged());
        assertEquals("Jetty 12.1.14", quirks.container());
        assertEquals("wsgate: Jetty 12.1.14 workarounds engaged: stale-eof, async-timeout, idle-timeout", quirks.summary());
    }

    @Test
    void tomcatEngagesNothing() {
        ContainerQuirks quirks = ContainerQuirks.detect("Apache Tomcat/11.0.27", "org.apache.catalina.core.ApplicationContextFacade");
        assertEquals(Set.of(), quirks.engaged());
        assertFalse(quirks.isEngaged(Workaround.STALE_EOF));
        assertEquals("wsgate: Apache Tomcat/11.0.27: no container workarounds needed", quirks.summary());
    }

    @Test
    void jettyWithUnreadableVersionEngagesAll() {
        assertEquals(EnumSet.allOf(Workaround.class), ContainerQuirks.detect("jetty/unknown", "x").engaged());
        assertEquals(EnumSet.allOf(Workaround.class),
                ContainerQuirks.detect("MyServer/1.0", "org.eclipse.jetty.ee10.servlet.ServletContextHandler$ServletContextApi").engaged());
    }

    @Test
    void preServlet6JettyEngagesNothing() {
        assertTrue(ContainerQuirks.detect("jetty/11.0.20", "x").engaged().isEmpty());
    }

    @Test
    void everyWorkaroundDescribesItself() {
        for (Workaround workaround : Workaround.values()) {
            assertFalse(workaround.id().isBlank());
            assertTrue(workaround.description().length() > 40, workaround.id());
        }
    }
}
