package io.wsgate.jakarta.deploy;

import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** upgradeHttpToWebSocket's cache of analysed endpoints: reuse for the same config, bounded for a config per request. */
class UpgradeConfigCacheTest {

    public static class Programmatic extends Endpoint {
        @Override public void onOpen(Session session, EndpointConfig config) {}
    }

    private static ServerEndpointConfig config() {
        return ServerEndpointConfig.Builder.create(Programmatic.class, "/per-request/{id}").build();
    }

    @Test
    void theSameConfigIsAnalysedOnce() throws Exception {
        UpgradeConfigCache cache = new UpgradeConfigCache();
        ServerEndpointConfig config = config();
        assertSame(cache.endpointFor(config), cache.endpointFor(config));
        assertNotSame(cache.endpointFor(config), cache.endpointFor(config()), "another config instance is another endpoint");
    }

    @Test
    void tenThousandConfigsDoNotGrowTheCachePastItsBound() throws Exception {
        UpgradeConfigCache cache = new UpgradeConfigCache();
        ServerEndpointConfig first = config();
        WeakReference<ServerEndpointConfig> firstRef = new WeakReference<>(first);
        cache.endpointFor(first);
        first = null;
        for (int i = 0; i < 10_000; i++) {
            cache.endpointFor(config());
            assertTrue(cache.size() <= UpgradeConfigCache.MAX_ENTRIES, "size " + cache.size() + " after " + (i + 1));
        }
        assertEquals(UpgradeConfigCache.MAX_ENTRIES, cache.size());
        // the evicted config, and the endpoint analysed for it, are no longer held
        for (int i = 0; i < 50 && firstRef.get() != null; i++) {
            System.gc();
            Thread.onSpinWait();
        }
        assertEquals(null, firstRef.get(), "an evicted config is still reachable");
    }
}
