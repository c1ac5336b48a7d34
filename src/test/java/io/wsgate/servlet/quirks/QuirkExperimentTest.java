package io.wsgate.servlet.quirks;

import io.wsgate.servlet.ContainerQuirks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.TimeUnit;

/** Throwaway: prints what each container does with the probe. */
class QuirkExperimentTest {

    @ParameterizedTest
    @EnumSource(ProbeServer.Kind.class)
    void plain(ProbeServer.Kind kind) throws Exception {
        ProbeRecorder recorder = new ProbeRecorder((req, wc, r) -> {
            try { r.facts.put("asyncStarted", req.isAsyncStarted());
            if (req.isAsyncStarted()) r.facts.put("asyncTimeout", req.getAsyncContext().getTimeout()); } catch (RuntimeException e) { r.facts.put("requestUnusable", e.toString()); }
            r.facts.put("requestClass", req.getClass().getName());
            r.facts.put("thread", Thread.currentThread().getName());
        });
        try (ProbeServer server = kind.start(recorder, 60_000);
             RawUpgradeClient client = RawUpgradeClient.upgrade(server.port(), "/probe")) {
            System.out.println(kind + " " + server.serverInfo() + " -> " + client.statusLine + " " + client.headers);
            recorder.hookDone.get(10, TimeUnit.SECONDS);
            System.out.println(kind + " initInside=" + recorder.initInsideUpgrade.getNow(null) + " facts=" + recorder.facts + " idle=" + server.endPointIdleTimeouts());
            client.send("hello");
            String first = recorder.firstReadEvent.get(10, TimeUnit.SECONDS);
            System.out.println(kind + " first=" + first);
            if (first.equals("data")) System.out.println(kind + " echo=" + client.receive(5));
        }
    }

    @ParameterizedTest
    @EnumSource(ProbeServer.Kind.class)
    void withWorkarounds(ProbeServer.Kind kind) throws Exception {
        ProbeRecorder recorder = new ProbeRecorder((req, wc, r) -> {
            ContainerQuirks q = r.quirks();
            r.facts.put("summary", q.summary());
            if (q.engaged().isEmpty()) { q.afterUpgrade(req, wc); return; }
            r.facts.put("async", q.disableAsyncTimeout(req));
            r.facts.put("idle", q.disableIdleTimeout(req));
            if (!q.engaged().isEmpty()) r.facts.put("eof", q.clearStaleEof(req));
        });
        try (ProbeServer server = kind.start(recorder, 500);
             RawUpgradeClient client = RawUpgradeClient.upgrade(server.port(), "/probe")) {
            recorder.hookDone.get(10, TimeUnit.SECONDS);
            System.out.println(kind + " W facts=" + recorder.facts + " idle=" + server.endPointIdleTimeouts());
            client.send("hello");
            String first = recorder.firstReadEvent.get(10, TimeUnit.SECONDS);
            System.out.println(kind + " W first=" + first + " echo=" + client.receive(5));
            try { System.out.println(kind + " W error=" + recorder.error.get(2, TimeUnit.SECONDS)); } catch (java.util.concurrent.TimeoutException e) { System.out.println(kind + " W no error in 2s"); }
            client.send("again");
            System.out.println(kind + " W echo2=" + client.receive(5));
        }
    }

    @ParameterizedTest
    @EnumSource(ProbeServer.Kind.class)
    void idlePlain(ProbeServer.Kind kind) throws Exception {
        ProbeRecorder recorder = new ProbeRecorder((req, wc, r) -> {
            ContainerQuirks q = r.quirks();
            if (!q.engaged().isEmpty()) r.facts.put("eof", q.clearStaleEof(req));
        });
        try (ProbeServer server = kind.start(recorder, 500);
             RawUpgradeClient client = RawUpgradeClient.upgrade(server.port(), "/probe")) {
            recorder.hookDone.get(10, TimeUnit.SECONDS);
            System.out.println(kind + " I idle=" + server.endPointIdleTimeouts());
            client.send("hello");
            System.out.println(kind + " I echo=" + client.receive(5));
            try { System.out.println(kind + " I error=" + recorder.error.get(5, TimeUnit.SECONDS)); } catch (java.util.concurrent.TimeoutException e) { System.out.println(kind + " I no error in 5s"); }
            System.out.println(kind + " I idle after=" + server.endPointIdleTimeouts() + " destroyed=" + recorder.destroyed.isDone());
            client.send("again");
            System.out.println(kind + " I echo2=" + client.receive(5));
        }
    }

    @ParameterizedTest
    @EnumSource(ProbeServer.Kind.class)
    void shortAsync(ProbeServer.Kind kind) throws Exception {
        ProbeRecorder recorder = new ProbeRecorder((req, wc, r) -> {
            ContainerQuirks q = r.quirks();
            if (q.engaged().isEmpty()) return;
            r.facts.put("eof", q.clearStaleEof(req));
            if (req.isAsyncStarted()) req.getAsyncContext().setTimeout(300);
        });
        try (ProbeServer server = kind.start(recorder, 60_000);
             RawUpgradeClient client = RawUpgradeClient.upgrade(server.port(), "/probe")) {
            recorder.hookDone.get(10, TimeUnit.SECONDS);
            client.send("hello");
            System.out.println(kind + " A echo=" + client.receive(5));
            try { recorder.destroyed.get(5, TimeUnit.SECONDS); System.out.println(kind + " A destroyed"); } catch (java.util.concurrent.TimeoutException e) { System.out.println(kind + " A not destroyed in 5s"); }
            System.out.println(kind + " A error=" + recorder.error.getNow(null) + " first=" + recorder.firstReadEvent.getNow(null));
            client.send("again");
            System.out.println(kind + " A echo2=" + client.receive(5));
        }
    }
}
