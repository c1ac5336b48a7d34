package io.wsgate.it;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.handlers.PathHandler;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.ListenerInfo;
import io.undertow.servlet.api.ServletContainerInitializerInfo;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import jakarta.servlet.ServletContextListener;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** Embedded Undertow 2.3 (WildFly's servlet engine, Servlet 6.0), one deployment at the context path. */
final class UndertowContainer implements EmbeddedContainer {

    private Undertow server;
    private DeploymentManager manager;
    private PathHandler paths;
    private String contextPath;

    @Override
    public int start(String contextPath, ServletContextListener setup, ContextExtras extras) throws Exception {
        this.contextPath = contextPath;
        Path docBase = Files.createTempDirectory("wsgate-undertow");
        docBase.toFile().deleteOnExit();
        extras.writeWebXml(docBase);
        DeploymentInfo info = Servlets.deployment()
                .setClassLoader(UndertowContainer.class.getClassLoader())
                .setContextPath(contextPath)
                .setDeploymentName("app")
                .setResourceManager(new io.undertow.server.handlers.resource.PathResourceManager(docBase))
                .addListener(new ListenerInfo(SetupListener.class, new ImmediateInstanceFactory<>((SetupListener) setup)));
        for (ContextExtras.Initializer i : extras.initializers()) {
            info.addServletContainerInitializer(new ServletContainerInitializerInfo(i.initializer().getClass(),
                    new ImmediateInstanceFactory<>(i.initializer()), i.classes()));
        }
        extras.initParameters().forEach(info::addInitParameter);
        manager = Servlets.newContainer().addDeployment(info);
        manager.deploy();
        paths = Handlers.path().addPrefixPath(contextPath, manager.start());
        server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(paths).build();
        server.start();
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    @Override
    public void stopApplication() throws Exception {
        paths.removePrefixPath(contextPath);
        manager.stop();
    }

    @Override
    public void startApplication() throws Exception {
        paths.addPrefixPath(contextPath, manager.start());
    }

    @Override
    public void stop() throws Exception {
        try {
            if (manager != null) {
                manager.stop();
                manager.undeploy();
            }
        } finally {
            if (server != null) server.stop();
        }
    }
}
