package io.wsgate.it.client;

import io.wsgate.jakarta.client.WsgateClientContainer;
import io.wsgate.jakarta.client.WsgateContainerProvider;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * With a container's own implementation visible (tomcat-embed-websocket ships a ContainerProvider, on this
 * execution's class path), wsgate's provider steps aside: ContainerProvider gives the container's client.
 */
@Tag("coexistence")
class ContainerProviderCoexistenceTest {

    @Test
    void wsgatesProviderAnswersNullAndTheContainersOwnIsUsed() throws Exception {
        Method getContainer = ContainerProvider.class.getDeclaredMethod("getContainer");
        getContainer.setAccessible(true);
        assertNull(getContainer.invoke(new WsgateContainerProvider()));
        WebSocketContainer c = ContainerProvider.getWebSocketContainer();
        assertNotNull(c);
        assertFalse(c instanceof WsgateClientContainer, "the container's own client: " + c.getClass().getName());
    }
}
