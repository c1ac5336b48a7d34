package io.wsgate.servlet;

import io.wsgate.servlet.ContainerQuirks.Workaround;
import io.wsgate.servlet.quirks.ProbeRecorder;
import io.wsgate.servlet.quirks.ProbeServer;
import io.wsgate.servlet.quirks.RawUpgradeClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The container quirks against real embedded containers, with the raw-byte echo probe. The "without" tests report
 * whether the running container still has each quirk and pass either way, but fail if a quirk is present and wsgate
 * would not engage its workaround; Tomcat is the control. The "with" test is what wsgate relies on.
 */
class ContainerQuirksContainerTest {

    /** Safety nets only; nothing here waits for time to pass unless it says so. */
    private static final long EVENT_SAFETY_NET_S = 10;
    private static final long SHORT_CONNECTOR_IDLE_MS = 500;
    private static final long LONG_CONNECTOR_IDLE_MS = 60_000;

    @ParameterizedTest
    @EnumSource(ProbeServer.Kind.class)
    void staleEofWithoutWorkaround(ProbeServer.Kind kind) throws Exception {
        ProbeRecorder recorder = new ProbeRecorder((request, connection, r) -> { });
        try (ProbeServer server = kind.start(recorder, LONG_CONNECTOR_IDLE_MS);
             RawUpgradeClient client = RawUpgradeClient.upgrade(server.port(), "/probe")) {
            assertTrue(client.switched(), client.statusLine);
            client.send("hello");
            String first = recorder.firstReadEvent.get(EVENT_SAFETY_NET_S, TimeUnit.SECONDS);
            boolean present = first.equals("eof");
            report(server, Workaround.STALE_EOF, present,
                    present ? "ReadListener saw end of input before the client's first byte" : "first read delivered the client's bytes");
            if (present) {
                assertTrue(recorder.quirks().isEngaged(Workaround.STALE_EOF), "quirk present but workaround not engaged");
            } else {
                assertEquals("data", first);
                assertEquals("hello", client.receive(5));
            }
            if (!kind.isJetty()) {
                assertFalse(present, "control container must not have the quirk");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ProbeServer.Kind.class)
    void asyncTimeoutWithoutWorkaround(ProbeServer.Kind kind) throws Exception {
        long shortAsyncTimeoutMs = 250;
        ProbeRecorder recorder = new ProbeRecorder((request, connection, r) -> {
            if (!r.quirks().isEngaged(Workaround.ASYNC_TIMEOUT)) {
                return; // Tomcat: the request is already recycled when init() runs; nothing to look at
            }
            r.quirks().clearStaleEof(request); // only so that the echo works
            r.facts.put("asyncStarted", request.isAsyncStarted());
            if (request.isAsyncStarted()) {
                r.facts.put("asyncTimeout", request.getAsyncContext().getTimeout());
                // Stand-in for the 30 s default, to watch what its expiry does without waiting 30 s.
                request.getAsyncContext().setTimeout(shortAsyncTimeoutMs);
            }
        });
        try (ProbeServer server = kind.start(recorder, LONG_CONNECTOR_IDLE_MS);
             RawUpgradeClient client = RawUpgradeClient.upgrade(server.port(), "/probe")) {
            assertTrue(client.switched(), client.statusLine);
            recorder.hookDone.get(EVENT_SAFETY_NET_S, TimeUnit.SECONDS);
            client.send("hello");
            assertEquals("hello", client.receive(5));
            long timeout = (Long) recorder.facts.getOrDefault("asyncTimeout", 0L);
            boolean present = timeout > 0;
            String teardown = "";
            if (present) {
                boolean closed;
                try {
                    closed = client.awaitClosedByServer();
                } catch (SocketTimeoutException stillOpen) {
                    closed = false;
                }
                teardown = closed ? "; a " + shortAsyncTimeoutMs + " ms timeout closed the connection"
                        + (recorder.destroyed.isDone() ? " and called destroy()" : " (destroy() not called)")
                        : "; yet its expiry left the connection open";
                assertTrue(recorder.quirks().isEngaged(Workaround.ASYNC_TIMEOUT), "quirk present but workaround not engaged");
            }
            report(server, Workaround.ASYNC_TIMEOUT, present, recorder.facts.isEmpty()
                    ? "not in async mode (request recycled before init())"
                    : "asyncStarted=" + recorder.facts.get("asyncStarted") + ", timeout=" + timeout + " ms" + teardown);
        }
    }

    @ParameterizedTest
    @EnumSource(ProbeServer.Kind.class)
    void idleTimeoutWithoutWorkaround(ProbeServer.Kind kind) throws Exception {
        ProbeRecorder recorder = new ProbeRecorder((request, connection, r) -> {
            if (r.quirks().isEngaged(Workaround.STALE_EOF)) {
                r.quirks().clearStaleEof(request); // only so that the echo works
            }
        });
        try (ProbeServer server = kind.start(recorder, SHORT_CONNECTOR_IDLE_MS);
             RawUpgradeClient client = RawUpgradeClient.upgrade(server.port(), "/probe")) {
            assertTrue(client.switched(), client.statusLine);
            client.send("hello");
            assertEquals("hello", client.receive(5));
            Throwable error;
            try {
                // Waits for the connector idle timeout to strike; gives up (quirk absent) at ten times its value.
                error = recorder.error.get(10 * SHORT_CONNECTOR_IDLE_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException none) {
                error = null;
            }
            boolean present = error instanceof TimeoutException;
            report(server, Workaround.IDLE_TIMEOUT, present, present
                    ? "ReadListener.onError(" + error + "); endpoints still open: " + server.endPointIdleTimeouts().size()
                    : "no error after 10x the " + SHORT_CONNECTOR_IDLE_MS + " ms connector idle timeout" + (error == null ? "" : ", but " + error));
            if (present) {
                assertTrue(recorder.quirks().isEngaged(Workaround.IDLE_TIMEOUT), "quirk present but workaround not engaged");
            } else if (error == null) {
                client.send("again");
                assertEquals("again", client.receive(5));
            } else {
                fail("unexpected error " + error);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ProbeServer.Kind.class)
    void withWorkaroundsTheUpgradedConnectionBehaves(ProbeServer.Kind kind) throws Exception {
        ProbeRecorder recorder = new ProbeRecorder((request, connection, r) -> {
            r.quirks().afterUpgrade(request, connection);
            if (r.quirks().isEngaged(Workaround.ASYNC_TIMEOUT) && request.isAsyncStarted()) {
                r.facts.put("asyncTimeout", request.getAsyncContext().getTimeout());
            }
        });
        try (ProbeServer server = kind.start(recorder, SHORT_CONNECTOR_IDLE_MS);
             RawUpgradeClient client = RawUpgradeClient.upgrade(server.port(), "/probe")) {
            assertTrue(client.switched(), client.statusLine);
            assertEquals("Upgrade", client.headers.get("connection"));
            assertEquals("websocket", client.headers.get("upgrade"));
            assertEquals(client.expectedAccept(), client.headers.get("sec-websocket-accept"));
            recorder.hookDone.get(EVENT_SAFETY_NET_S, TimeUnit.SECONDS);

            client.send("hello");
            assertEquals("hello", client.receive(5));
            assertEquals("data", recorder.firstReadEvent.getNow(null));
            if (kind.isJetty()) {
                assertEquals(0L, recorder.facts.get("asyncTimeout"), "AsyncContext timeout");
                assertFalse(server.endPointIdleTimeouts().isEmpty());
                server.endPointIdleTimeouts().forEach(t -> assertEquals(0L, t, "EndPoint idle timeout"));
            }

            // Let three connector idle timeouts pass with no traffic: no error may reach the listeners.
            assertThrows(TimeoutException.class,
                    () -> recorder.error.get(3 * SHORT_CONNECTOR_IDLE_MS, TimeUnit.MILLISECONDS),
                    () -> "error on an idle upgraded connection: " + recorder.error.getNow(null));
            client.send("again");
            assertEquals("again", client.receive(5));

            client.endOutput();
            recorder.inputEnded.get(EVENT_SAFETY_NET_S, TimeUnit.SECONDS); // a real end of input still arrives
        }
    }

    @ParameterizedTest
    @EnumSource(ProbeServer.Kind.class)
    void workaroundProbesTellWhatTheyRepaired(ProbeServer.Kind kind) throws Exception {
        ProbeRecorder recorder = new ProbeRecorder((request, connection, r) -> {
            ContainerQuirks quirks = r.quirks();
            if (quirks.engaged().isEmpty()) {
                return; // Tomcat: nothing engaged, and its request is already recycled here
            }
            // Same order as afterUpgrade(); each returns whether the condition it repairs was there.
            r.facts.put(Workaround.ASYNC_TIMEOUT.id(), quirks.disableAsyncTimeout(request));
            r.facts.put(Workaround.IDLE_TIMEOUT.id(), quirks.disableIdleTimeout(request));
            r.facts.put(Workaround.STALE_EOF.id(), quirks.clearStaleEof(request));
            r.facts.put("again:" + Workaround.STALE_EOF.id(), quirks.clearStaleEof(request));
        });
        try (ProbeServer server = kind.start(recorder, LONG_CONNECTOR_IDLE_MS);
             RawUpgradeClient client = RawUpgradeClient.upgrade(server.port(), "/probe")) {
            assertTrue(client.switched(), client.statusLine);
            recorder.hookDone.get(EVENT_SAFETY_NET_S, TimeUnit.SECONDS);
            for (Workaround workaround : Workaround.values()) {
                Object repaired = recorder.facts.get(workaround.id());
                System.out.printf("[quirks] %-34s %-13s probe says %s%n", server.serverInfo() + " " + kind, workaround.id(),
                        repaired == null ? "not engaged" : (Boolean) repaired ? "STILL NEEDED (condition found and repaired)" : "not needed here");
                if (Boolean.TRUE.equals(repaired)) {
                    assertTrue(recorder.quirks().isEngaged(workaround));
                }
            }
            assertFalse((Boolean) recorder.facts.getOrDefault("again:" + Workaround.STALE_EOF.id(), false),
                    "a second clearStaleEof must find nothing to clear");
            client.send("hello");
            assertEquals("hello", client.receive(5));
        }
    }

    @ParameterizedTest
    @EnumSource(ProbeServer.Kind.class)
    void withoutBeforeUpgrade(ProbeServer.Kind kind) throws Exception {
        ProbeRecorder recorder = new ProbeRecorder((request, connection, r) -> {
            if (r.quirks().isEngaged(Workaround.STALE_EOF)) {
                r.quirks().clearStaleEof(request);
            }
        }, false);
        try (ProbeServer server = kind.start(recorder, LONG_CONNECTOR_IDLE_MS);
             RawUpgradeClient client = RawUpgradeClient.upgrade(server.port(), "/probe")) {
            Throwable failure = recorder.upgradeFailure.getNow(null);
            System.out.printf("[quirks] %-34s %-13s without beforeUpgrade(): %s%n", server.serverInfo() + " " + kind,
                    "101-headers", client.statusLine.trim() + ", Connection: " + client.headers.get("connection")
                            + (failure == null ? "" : ", upgrade() threw " + failure)
                            + (recorder.initInsideUpgrade.isDone() ? ", init() inside upgrade(): " + recorder.initInsideUpgrade.getNow(null) : ""));
            // What the wire shows must agree with what upgrade() did.
            assertEquals(failure == null, client.switched(), client.statusLine);
        }
    }

    private static void report(ProbeServer server, Workaround workaround, boolean present, String detail) {
        System.out.printf("[quirks] %-34s %-13s %s: %s%n", server.serverInfo(), workaround.id(),
                present ? "PRESENT" : "absent", detail);
    }
}
