package io.wsgate.jakarta.deploy;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The endpoints analysed for {@code ServerContainer.upgradeHttpToWebSocket}, by config instance, so a framework
 * that passes the same config every time pays for the analysis once. Bounded, least recently used out: a framework
 * that builds a config per request must not leak one analysed endpoint per handshake (a WeakHashMap cannot do it,
 * its values hold their keys). An evicted endpoint's open sessions stay in the application's registry and close
 * at shutdown like every other.
 */
public final class UpgradeConfigCache {

    static final int MAX_ENTRIES = 256;

    /**
     * Keyed by identity: two configs that are equal() may still hand out different configurators or user
     * properties. Identity keys wrapped in an access-ordered map for the eviction order.
     */
    private final Map<IdentityKey, DeployedEndpoint> endpoints = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<IdentityKey, DeployedEndpoint> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    private record IdentityKey(ServerEndpointConfig config) {
        @Override
        public boolean equals(Object o) {
            return o instanceof IdentityKey other && other.config == config;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(config);
        }
    }

    public DeployedEndpoint endpointFor(ServerEndpointConfig config) throws DeploymentException {
        IdentityKey key = new IdentityKey(config);
        synchronized (endpoints) {
            DeployedEndpoint known = endpoints.get(key);
            if (known != null) return known;
        }
        // analysed outside the lock: it runs application code (configurator, decoders' types)
        DeployedEndpoint analysed = DeployedEndpoint.of(config);
        synchronized (endpoints) {
            DeployedEndpoint raced = endpoints.putIfAbsent(key, analysed);
            return raced != null ? raced : analysed;
        }
    }

    int size() {
        synchronized (endpoints) {
            return endpoints.size();
        }
    }
}
