package io.wsgate.jakarta.session;

import io.wsgate.jakarta.FakeWebSocketSession;
import jakarta.websocket.RemoteEndpoint;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.net.SocketTimeoutException;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/** What a queued send costs in timers: a client that never reads may have many thousands queued. */
class SendTimeoutCostTest {

    final ManualTimer timer = new ManualTimer();
    final FakeWebSocketSession ws = new FakeWebSocketSession();
    final List<Throwable> lateFailures = new ArrayList<>();

    WsgateSession session() {
        WsgateSession.Settings settings = new WsgateSession.Settings();
        settings.id = "1";
        settings.timer = timer;
        settings.asyncSendTimeout = 10_000;
        settings.blockingSendTimeout = 10_000;
        HandshakeInfo info = new HandshakeInfo(URI.create("ws://localhost/app/p"), null, Map.of(), null, false, null, List.of());
        ws.holdCompletions = true;
        return new WsgateSession(settings, ws, info, Map.of(), new java.util.HashMap<>(), lateFailures::add);
    }

    @Test
    void queuedSendsShareOneTimerTask() {
        RemoteEndpoint.Async async = session().getAsyncRemote();
        List<Future<Void>> futures = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) futures.add(async.sendText("m" + i));
        for (int i = 0; i < 10_000; i++) async.sendText("h" + i, result -> {});
        assertTrue(timer.scheduled() <= 1, "timer tasks scheduled for 20000 queued sends: " + timer.scheduled());
        for (int i = 0; i < 20_000; i++) ws.completeNext(null);
        assertTrue(futures.stream().allMatch(Future::isDone));
        assertTrue(timer.live() <= 1);
    }

    @Test
    void theEarliestDeadlineFailsTheSendRefusesLaterOnesAndAbortsOnce() throws Exception {
        WsgateSession session = session();
        RemoteEndpoint.Async async = session.getAsyncRemote();
        async.setSendTimeout(5_000);
        Future<Void> slow = async.sendText("five seconds");
        async.setSendTimeout(1_000);
        Future<Void> quick = async.sendText("one second");      // an earlier deadline re-arms the one task
        Future<Void> later = async.sendText("one second too");
        assertTrue(timer.live() <= 1, "live timer tasks: " + timer.live());

        timer.advance(999);
        assertFalse(quick.isDone());
        assertFalse(ws.aborted);
        timer.advance(1);
        assertInstanceOf(SocketTimeoutException.class, assertThrows(ExecutionException.class, quick::get).getCause());
        assertInstanceOf(SocketTimeoutException.class, assertThrows(ExecutionException.class, later::get).getCause());
        assertTrue(ws.aborted, "a timed-out send aborts the connection");
        assertFalse(slow.isDone(), "a send with a later deadline waits for it (or for the engine)");
        Future<Void> refused = async.sendText("after the timeout");
        assertTrue(refused.isDone(), "refused at once");
        assertThrows(ExecutionException.class, refused::get);

        timer.advance(4_000);
        assertInstanceOf(SocketTimeoutException.class, assertThrows(ExecutionException.class, slow::get).getCause());
        assertEquals(0, timer.live());
        assertEquals(0, session.outbound().tracked());
        ws.completeNext(null);                                  // the engine's late completions change nothing
        assertThrows(ExecutionException.class, quick::get);
    }

    @Test
    void sendsCompletedBeforeTheirDeadlineLeaveTheTimerToTheRest() throws Exception {
        WsgateSession session = session();
        RemoteEndpoint.Async async = session.getAsyncRemote();
        async.setSendTimeout(1_000);
        Future<Void> first = async.sendText("first");
        timer.advance(500);
        Future<Void> second = async.sendText("second");
        ws.completeNext(null);
        assertNull(first.get());
        timer.advance(500);                                      // first's deadline: nothing expired, re-armed
        assertFalse(second.isDone());
        assertFalse(ws.aborted);
        assertEquals(1, timer.live());
        timer.advance(500);
        assertInstanceOf(SocketTimeoutException.class, assertThrows(ExecutionException.class, second::get).getCause());
        assertTrue(ws.aborted);
    }

    @Test
    void aBlockingSendOnAnApplicationThreadTimesOutThroughTheSharedTimer() throws Exception {
        WsgateSession session = session();
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                session.getBasicRemote().sendText("stalled");
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        assertTrue(io.wsgate.it.Deadline.await(Duration.ofSeconds(30), () -> session.outbound().tracked() == 1));
        timer.advance(10_000);
        assertInstanceOf(SocketTimeoutException.class, outcome.get(30, TimeUnit.SECONDS));
        assertTrue(ws.aborted);
    }

    @Test
    void aSendCompletedAtOnceTouchesNoTimer() {
        WsgateSession session = session();
        ws.holdCompletions = false;
        for (int i = 0; i < 100; i++) session.getAsyncRemote().sendText("m" + i);
        assertEquals(0, timer.scheduled());
        assertEquals(0, session.outbound().tracked());
    }

    @Test
    void sendsWithDifferentTimeoutsExpireInDeadlineOrder() throws Exception {
        WsgateSession session = session();
        RemoteEndpoint.Async async = session.getAsyncRemote();
        List<Future<Void>> byTimeout = new ArrayList<>();
        for (long timeout : new long[]{3_000, 1_000, 2_000, 1_000}) {
            async.setSendTimeout(timeout);
            byTimeout.add(async.sendText("t" + timeout));
        }
        ws.completeNext(null);                                   // the 3 s one is written
        timer.advance(1_000);
        assertTrue(byTimeout.get(1).isDone() && byTimeout.get(3).isDone(), "both 1 s sends expired");
        assertFalse(byTimeout.get(2).isDone());
        assertEquals(1, session.outbound().tracked());
        timer.advance(1_000);
        assertInstanceOf(SocketTimeoutException.class, assertThrows(ExecutionException.class, byTimeout.get(2)::get).getCause());
        assertNull(byTimeout.get(0).get());
        assertEquals(0, session.outbound().tracked());
        assertEquals(0, timer.live());
    }
}
