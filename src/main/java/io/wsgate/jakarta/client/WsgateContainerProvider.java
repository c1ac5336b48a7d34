package io.wsgate.jakarta.client;

import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;

import java.util.ServiceLoader;

/**
 * The {@code jakarta.websocket.ContainerProvider} service: {@code ContainerProvider.getWebSocketContainer()} gives a
 * new {@link WsgateClientContainer}, unless another implementation's provider is visible too (Tomcat and Jetty
 * ship their own): then this one answers null, so the container's own client is used, as an application deployed
 * there expects.
 */
public final class WsgateContainerProvider extends ContainerProvider {

    @Override
    protected WebSocketContainer getContainer() {
        if (anotherProviderVisible()) return null;
        return new WsgateClientContainer();
    }

    private static boolean anotherProviderVisible() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) loader = WsgateContainerProvider.class.getClassLoader();
        for (var it = ServiceLoader.load(ContainerProvider.class, loader).stream().iterator(); ; ) {
            try {
                if (!it.hasNext()) return false;
                if (!it.next().type().getName().equals(WsgateContainerProvider.class.getName())) return true;
            } catch (java.util.ServiceConfigurationError broken) {
                // a provider that cannot even be loaded is no implementation to defer to
            }
        }
    }
}
