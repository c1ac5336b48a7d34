package io.wsgate.servlet.quirks;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;

/** Stand-alone reproduction for upstream (docs/container-quirks.md): a servlet that upgrades to a raw echo. */
public class JettyUpgradeRepro {
    public static void main(String[] args) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(args.length > 0 ? Integer.parseInt(args[0]) : 8080);
        connector.setIdleTimeout(2000);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException, jakarta.servlet.ServletException {
                resp.setStatus(101);
                resp.setHeader("Connection", "Upgrade");
                resp.setHeader("Upgrade", "echo");
                req.upgrade(Echo.class);
            }
        }), "/");
        server.setHandler(context);
        server.start();
    }

    public static class Echo implements HttpUpgradeHandler {
        @Override
        public void init(WebConnection connection) {
            try {
                ServletInputStream in = connection.getInputStream();
                ServletOutputStream out = connection.getOutputStream();
                in.setReadListener(new ReadListener() {
                    @Override
                    public void onDataAvailable() throws IOException {
                        byte[] buffer = new byte[512];
                        while (in.isReady()) {
                            int n = in.read(buffer);
                            if (n < 0) {
                                return;
                            }
                            System.out.println("read " + n + " bytes");
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    }

                    @Override
                    public void onAllDataRead() {
                        System.out.println("onAllDataRead");
                    }

                    @Override
                    public void onError(Throwable failure) {
                        System.out.println("onError " + failure);
                    }
                });
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void destroy() {
            System.out.println("destroy");
        }
    }
}
