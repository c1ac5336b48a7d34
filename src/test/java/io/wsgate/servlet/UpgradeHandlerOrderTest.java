package io.wsgate.servlet;

import io.wsgate.engine.WebSocketListener;
import io.wsgate.engine.WebSocketPolicy;
import io.wsgate.engine.WebSocketSession;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.WebConnection;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The one container difference real containers in the test suite do not show: Jetty 12.1.0 to 12.1.3 call
 * {@code init()} inside {@code upgrade()}, before the filter attaches the endpoint; Tomcat and later Jetty call it
 * after. Mocks stand in for the container here: only the order of calls matters.
 */
class UpgradeHandlerOrderTest {

    private final AtomicInteger opens = new AtomicInteger();
    private final WebSocketListener listener = new WebSocketListener() {
        @Override public void onOpen(WebSocketSession session) { opens.incrementAndGet(); }
        @Override public void onTextChunk(ByteBuffer utf8, boolean last) {}
        @Override public void onBinaryChunk(ByteBuffer data, boolean last) {}
    };

    private static WebSocketUpgrader upgrader() {
        ServletContext context = mock(ServletContext.class);
        Map<String, Object> attributes = new HashMap<>();
        when(context.getServerInfo()).thenReturn("Apache Tomcat/11.0.27");
        when(context.getAttribute(anyString())).thenAnswer(i -> attributes.get(i.<String>getArgument(0)));
        doAnswer(i -> attributes.put(i.getArgument(0), i.getArgument(1))).when(context).setAttribute(anyString(), any());
        return WebSocketUpgrader.of(context);
    }

    private static WebConnection connection(ServletInputStream in, ServletOutputStream out) throws Exception {
        WebConnection connection = mock(WebConnection.class);
        when(connection.getInputStream()).thenReturn(in);
        when(connection.getOutputStream()).thenReturn(out);
        return connection;
    }

    private void assertStartedOnce(ServletInputStream in, ServletOutputStream out) {
        InOrder order = inOrder(out, in);
        order.verify(out).setWriteListener(any()); // first: the endpoint may send from onOpen
        order.verify(in).setReadListener(any());
        assertEquals(1, opens.get());
    }

    @Test
    void initBeforeAttachAsJetty1210To1213Do() throws Exception {
        ServletInputStream in = mock(ServletInputStream.class);
        ServletOutputStream out = mock(ServletOutputStream.class);
        WsgateUpgradeHandler handler = new WsgateUpgradeHandler();
        handler.init(connection(in, out));
        verify(in, never()).setReadListener(any());
        handler.attach(mock(HttpServletRequest.class), listener, new WebSocketPolicy(), upgrader(),
                new EndpointMetrics("/test", "/test"));
        assertStartedOnce(in, out);
    }

    @Test
    void attachBeforeInitAsTomcatAndLaterJettyDo() throws Exception {
        ServletInputStream in = mock(ServletInputStream.class);
        ServletOutputStream out = mock(ServletOutputStream.class);
        WsgateUpgradeHandler handler = new WsgateUpgradeHandler();
        handler.attach(mock(HttpServletRequest.class), listener, new WebSocketPolicy(), upgrader(),
                new EndpointMetrics("/test", "/test"));
        verify(in, never()).setReadListener(any());
        handler.init(connection(in, out));
        assertStartedOnce(in, out);
    }
}
