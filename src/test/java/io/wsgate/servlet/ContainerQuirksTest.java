package io.wsgate.servlet;

import io.wsgate.servlet.ContainerQuirks.Workaround;
import org.junit.jupiter.api.Test;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.WebConnection;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/** Container detection and failure handling, without a container (the real thing: ContainerQuirksContainerTest). */
class ContainerQuirksTest {

    @Test
    void jetty12EngagesAllWorkarounds() {
        ContainerQuirks quirks = ContainerQuirks.detect("jetty/12.1.14", "org.eclipse.jetty.ee11.servlet.ServletContextHandler$ServletContextApi");
        assertEquals(EnumSet.of(Workaround.STALE_EOF, Workaround.ASYNC_TIMEOUT, Workaround.IDLE_TIMEOUT,
                Workaround.EXTENDED_CONNECT), quirks.engaged());
        assertEquals("Jetty 12.1.14", quirks.container());
        // h2-websocket is logged when the first extended CONNECT arrives, not at startup
        assertEquals("wsgate: Jetty 12.1.14 workarounds engaged: stale-eof, async-timeout, idle-timeout", quirks.summary());
    }

    @Test
    void tomcatEngagesOnlyTheDispatches() {
        ContainerQuirks quirks = ContainerQuirks.detect("Apache Tomcat/11.0.27", "org.apache.catalina.core.ApplicationContextFacade");
        assertEquals(Set.of(Workaround.CLOSE_DISPATCH, Workaround.WRITE_IN_CALLBACK, Workaround.READ_DISPATCH), quirks.engaged());
        assertFalse(quirks.isEngaged(Workaround.STALE_EOF));
        assertEquals("wsgate: Apache Tomcat/11.0.27 workarounds engaged: close-dispatch, write-in-callback, read-dispatch", quirks.summary());
    }

    @Test
    void jettyWithUnreadableVersionEngagesAll() {
        Set<Workaround> jetty = EnumSet.of(Workaround.STALE_EOF, Workaround.ASYNC_TIMEOUT, Workaround.IDLE_TIMEOUT,
                Workaround.EXTENDED_CONNECT);
        assertEquals(jetty, ContainerQuirks.detect("jetty/unknown", "x").engaged());
        assertEquals(jetty,
                ContainerQuirks.detect("MyServer/1.0", "org.eclipse.jetty.ee10.servlet.ServletContextHandler$ServletContextApi").engaged());
    }

    @Test
    void jetty12_0CannotUpgradeAndSaysSoWithoutClaimingWorkarounds() {
        ContainerQuirks quirks = ContainerQuirks.detect("jetty/12.0.39", "org.eclipse.jetty.ee10.servlet.ServletContextHandler$ServletContextApi");
        assertFalse(quirks.upgradeSupported());
        assertTrue(quirks.engaged().isEmpty());
        assertFalse(quirks.summary().contains("workarounds engaged"), quirks.summary());
        assertTrue(quirks.summary().contains("501"), quirks.summary());
        assertTrue(quirks.upgradeUnsupportedReason().contains("Jetty 12.1"), quirks.upgradeUnsupportedReason());
        assertTrue(quirks.upgradeUnsupportedReason().contains("ee10-websocket-jakarta"), quirks.upgradeUnsupportedReason());
        assertTrue(ContainerQuirks.detect("jetty/12.1.0", "x").upgradeSupported());
        assertTrue(ContainerQuirks.detect("jetty/12.10.1", "x").upgradeSupported());
        assertTrue(ContainerQuirks.detect("Apache Tomcat/10.1.62", "x").upgradeSupported());
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

    @Test
    void beforeUpgradeSetsStatusAndConnectionHeader() {
        HttpServletResponse response = mock(HttpServletResponse.class);
        ContainerQuirks.detect("Apache Tomcat/11.0.27", "x").beforeUpgrade(response);
        verify(response).setStatus(101);
        verify(response).setHeader("Connection", "Upgrade");
    }

    @Test
    void withNothingEngagedTheRequestIsNotTouched() {
        HttpServletRequest recycled = mock(HttpServletRequest.class); // Tomcat's request is recycled by init() time
        ContainerQuirks.detect("Apache Tomcat/11.0.27", "x").afterUpgrade(recycled, mock(WebConnection.class));
        verifyNoInteractions(recycled);
    }

    @Test
    void aReflectiveFailureWarnsOnceAndNeverThrows() {
        List<LogRecord> warnings = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(ContainerQuirks.class.getName());
        logger.addHandler(capture);
        try {
            ContainerQuirks quirks = ContainerQuirks.detect("jetty/12.1.14", "x");
            HttpServletRequest notJetty = mock(HttpServletRequest.class); // no getRequest(), no Jetty inside
            for (int i = 0; i < 3; i++) {
                quirks.afterUpgrade(notJetty, mock(WebConnection.class));
                assertFalse(quirks.clearStaleEof(notJetty));
                assertFalse(quirks.disableIdleTimeout(notJetty));
                assertFalse(quirks.disableAsyncTimeout(notJetty)); // mock: not async, nothing to do, no warning
            }
        } finally {
            logger.removeHandler(capture);
        }
        assertEquals(2, warnings.size(), () -> warnings.stream().map(LogRecord::getMessage).toList().toString());
        assertTrue(warnings.stream().anyMatch(r -> r.getMessage().contains("idle-timeout could not be applied")));
        assertTrue(warnings.stream().anyMatch(r -> r.getMessage().contains("stale-eof could not be applied")));
    }
}
