package io.wsgate.servlet.quirks;

import io.wsgate.servlet.ContainerQuirks;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.WebConnection;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** What one probed upgrade saw, as futures the test waits on. One recorder per test (one connection). */
public final class ProbeRecorder {

    /** Runs on the upgraded connection once request and WebConnection are known, before the ReadListener is set. */
    @FunctionalInterface
    public interface UpgradeHook {
        void apply(HttpServletRequest request, WebConnection connection, ProbeRecorder recorder) throws Exception;
    }

    private final UpgradeHook hook;
    private final boolean answerBeforeUpgrade;
    private volatile ContainerQuirks quirks;

    /** "data", "eof" or "error: ..." - whichever the ReadListener saw first. */
    public final CompletableFuture<String> firstReadEvent = new CompletableFuture<>();
    /** ReadListener.onAllDataRead: the client really ended its input. */
    public final CompletableFuture<Void> inputEnded = new CompletableFuture<>();
    /** The first ReadListener/WriteListener onError. */
    public final CompletableFuture<Throwable> error = new CompletableFuture<>();
    /** HttpUpgradeHandler.destroy() was called. */
    public final CompletableFuture<Void> destroyed = new CompletableFuture<>();
    /** Whether init() ran inside request.upgrade() (Jetty 12.1.0-12.1.3) or after the filter returned. */
    public final CompletableFuture<Boolean> initInsideUpgrade = new CompletableFuture<>();
    /** What upgrade() threw, if it did. */
    public final CompletableFuture<Throwable> upgradeFailure = new CompletableFuture<>();
    /** Free-form facts the hook records (async timeout seen, workaround results...). */
    public final Map<String, Object> facts = new ConcurrentHashMap<>();
    /** The hook finished (facts are complete). */
    public final CompletableFuture<Void> hookDone = new CompletableFuture<>();

    public ProbeRecorder(UpgradeHook hook) {
        this(hook, true);
    }

    /**
     * @param answerBeforeUpgrade whether the filter calls {@link ContainerQuirks#beforeUpgrade} (status 101 and
     *                            Connection: Upgrade) before upgrade(); false only to show what containers do without
     */
    public ProbeRecorder(UpgradeHook hook, boolean answerBeforeUpgrade) {
        this.hook = hook;
        this.answerBeforeUpgrade = answerBeforeUpgrade;
    }

    /**
     * The web application's quirks, detected when the filter started. (Not from the upgrade request: Tomcat has
     * already recycled that request when it calls init().)
     */
    public ContainerQuirks quirks() {
        return quirks;
    }

    void quirks(ContainerQuirks detected) {
        quirks = detected;
    }

    boolean answerBeforeUpgrade() {
        return answerBeforeUpgrade;
    }

    void runHook(HttpServletRequest request, WebConnection connection) {
        try {
            hook.apply(request, connection, this);
            hookDone.complete(null);
        } catch (Throwable t) {
            hookDone.completeExceptionally(t);
        }
    }
}
