package io.wsgate.smoke;

import io.wsgate.engine.SendCallback;
import io.wsgate.engine.WebSocketPolicy;
import io.wsgate.engine.WebSocketSession;
import io.wsgate.engine.WholeMessageListener;
import io.wsgate.servlet.WebSocketRoute;
import io.wsgate.servlet.WebSocketRoutes;
import io.wsgate.servlet.WsgateFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SmokeTest {

    public static class Setup implements ServletContextListener {
        @Override
        public void contextInitialized(ServletContextEvent sce) {
            ServletContext ctx = sce.getServletContext();
            ctx.addFilter("wsgate", WsgateFilter.class).addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
            WebSocketRoutes.of(ctx).add(new WebSocketRoute("/echo", (req, sp) -> new WholeMessageListener() {
                WebSocketSession s;
                @Override public void onOpen(WebSocketSession session) { s = session; }
                @Override protected void onText(String m) { s.sendText(m, SendCallback.NOOP); }
                @Override protected void onBinary(ByteBuffer m) { s.sendBinary(m, SendCallback.NOOP); }
            }).policy(new WebSocketPolicy().maxMessageSize(16 << 20)));
        }
    }

    static String echo(int port) throws Exception {
        CompletableFuture<String> got = new CompletableFuture<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/app/echo"), new WebSocket.Listener() {
                    StringBuilder sb = new StringBuilder();
                    @Override public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        sb.append(data);
                        if (last) got.complete(sb.toString());
                        w.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        ws.sendText("hello wsgate", true);
        String r = got.get(10, TimeUnit.SECONDS);
        ws.sendClose(1000, "bye").get(10, TimeUnit.SECONDS);
        return r;
    }

    @Test
    void tomcat() throws Exception {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(java.nio.file.Files.createTempDirectory("tc").toString());
        tomcat.setPort(0);
        tomcat.getConnector();
        Context ctx = tomcat.addContext("/app", null);
        ctx.addApplicationListener(Setup.class.getName());
        Tomcat.addServlet(ctx, "default", new org.apache.catalina.servlets.DefaultServlet());
        ctx.addServletMappingDecoded("/", "default");
        tomcat.start();
        try {
            assertEquals("hello wsgate", echo(tomcat.getConnector().getLocalPort()));
        } finally {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    @Test
    void jettyEe11() throws Exception {
        Server server = new Server();
        ServerConnector c = new ServerConnector(server);
        server.addConnector(c);
        var h = new org.eclipse.jetty.ee11.servlet.ServletContextHandler("/app");
        h.addEventListener(new Setup());
        server.setHandler(h);
        server.start();
        try {
            assertEquals("hello wsgate", echo(c.getLocalPort()));
        } finally {
            server.stop();
        }
    }

    @Test
    void jettyEe10() throws Exception {
        Server server = new Server();
        ServerConnector c = new ServerConnector(server);
        server.addConnector(c);
        var h = new org.eclipse.jetty.ee10.servlet.ServletContextHandler("/app");
        h.addEventListener(new Setup());
        server.setHandler(h);
        server.start();
        try {
            assertEquals("hello wsgate", echo(c.getLocalPort()));
        } finally {
            server.stop();
        }
    }
}
