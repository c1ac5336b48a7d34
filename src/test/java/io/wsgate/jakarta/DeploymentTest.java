package io.wsgate.jakarta;

import io.wsgate.servlet.UpgradeEndpoint;
import io.wsgate.servlet.WebSocketRoutes;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import io.wsgate.jakarta.fixtures.ScanFixtures;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.*;

class DeploymentTest {

    @ServerEndpoint("/chat/{room}")
    public static class Chat {
        @OnMessage public String echo(String s) { return s; }
    }

    @ServerEndpoint("/chat/{other}")
    public static class SameTemplate {
        @OnMessage public String echo(String s) { return s; }
    }

    @ServerEndpoint("/bad")
    public static class Bad {
        @OnMessage public void a(String s) {}
        @OnMessage public void b(String s) {}
    }

    @ServerEndpoint("no-slash")
    public static class NoSlash {}

    public static class NotAnnotated {
        @OnMessage public void a(String s) {}
    }

    public static class Programmatic extends Endpoint {
        @Override public void onOpen(Session session, EndpointConfig config) {}
    }

    public static class NoDefaultConstructor extends Endpoint {
        public NoDefaultConstructor(int x) {}
        @Override public void onOpen(Session session, EndpointConfig config) {}
    }

    @Test
    void deploysAndRoutesWithPathParameters() throws Exception {
        WsgateServerContainer container = new WsgateServerContainer(null);
        container.addEndpoint(Chat.class);
        container.addEndpoint(ServerEndpointConfig.Builder.create(Programmatic.class, "/chat/lobby").build());
        UpgradeEndpoint templated = container.route("/chat/kitchen", mock(HttpServletRequest.class));
        assertNotNull(templated);
        assertNotNull(container.route("/chat/lobby", mock(HttpServletRequest.class)));
        assertNull(container.route("/elsewhere", mock(HttpServletRequest.class)));
        container.addEndpoint(Chat.class);     // the same annotated class twice is deployed once
    }

    @Test
    void deploymentErrorsNameTheClassAndRule() {
        WsgateServerContainer container = new WsgateServerContainer(null);
        container.endDeploymentPhase();
        assertMessage(() -> container.addEndpoint(Bad.class), Bad.class.getName(), "more than one @OnMessage");
        assertMessage(() -> container.addEndpoint(NoSlash.class), NoSlash.class.getName(), "must start with '/'");
        assertMessage(() -> container.addEndpoint(NotAnnotated.class), NotAnnotated.class.getName(), "@ServerEndpoint");
        assertMessage(() -> container.addEndpoint(ServerEndpointConfig.Builder.create(NoDefaultConstructor.class, "/x").build()),
                NoDefaultConstructor.class.getName(), "public no-argument constructor");
        assertMessage(() -> container.addEndpoint(ServerEndpointConfig.Builder.create(String.class, "/s").build()),
                "java.lang.String", "neither a subclass of jakarta.websocket.Endpoint nor an annotated endpoint");
    }

    @Test
    void duplicatePathsAreDeploymentErrors() throws Exception {
        WsgateServerContainer container = new WsgateServerContainer(null);
        container.endDeploymentPhase();
        container.addEndpoint(Chat.class);
        assertMessage(() -> container.addEndpoint(SameTemplate.class), "duplicate endpoint path", "/chat/{room}");
        container.addEndpoint(ServerEndpointConfig.Builder.create(Programmatic.class, "/p").build());
        assertMessage(() -> container.addEndpoint(ServerEndpointConfig.Builder.create(Programmatic.class, "/p").build()),
                "duplicate endpoint path", "/p");
        // After the deployment phase a failed call leaves the other endpoints in service.
        assertNotNull(container.route("/chat/a", mock(HttpServletRequest.class)));
    }

    @Test
    void aDeploymentErrorWhileStartingRemovesEveryEndpointAndStopsDeployment() throws Exception {
        WsgateServerContainer container = new WsgateServerContainer(null);
        container.addEndpoint(Chat.class);
        assertThrows(DeploymentException.class, () -> container.addEndpoint(Bad.class));
        assertNotNull(container.deploymentFailure());
        assertNull(container.route("/chat/a", mock(HttpServletRequest.class)));
        assertThrows(IllegalStateException.class, () -> container.addEndpoint(Programmatic.class.asSubclass(Object.class)));
    }

    private interface Deployment {
        void run() throws Exception;
    }

    private static void assertMessage(Deployment deployment, String... parts) {
        DeploymentException e = assertThrows(DeploymentException.class, deployment::run);
        for (String part : parts) assertTrue(e.getMessage().contains(part), e.getMessage() + " lacks " + part);
    }

    // ---- scanning and ServerApplicationConfig

    @Test
    void withoutServerApplicationConfigAllAnnotatedAndNoProgrammaticEndpointsDeploy() throws Exception {
        EndpointScan.Selection selection = EndpointScan.select(Set.of(ScanFixtures.Chat.class, ScanFixtures.Programmatic.class, ScanFixtures.NotAnnotated.class), null);
        assertEquals(List.of(ScanFixtures.Chat.class), selection.annotated());
        assertEquals(List.of(), selection.programmatic());
    }

    @Test
    void noneOfWsgatesOwnClassesInAnyOfItsPackagesDeploys() throws Exception {
        java.nio.file.Path classes = java.nio.file.Path.of(EndpointScan.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> own = new ArrayList<>();
        try (var files = java.nio.file.Files.walk(classes.resolve("io/wsgate/jakarta"))) {
            for (java.nio.file.Path file : (Iterable<java.nio.file.Path>) files::iterator) {
                String relative = classes.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                if (!relative.endsWith(".class") || relative.endsWith("package-info.class")) continue;
                own.add(Class.forName(relative.substring(0, relative.length() - 6).replace('/', '.'), false, getClass().getClassLoader()));
            }
        }
        assertTrue(own.stream().anyMatch(c -> c.getPackageName().equals("io.wsgate.jakarta.session")), "the walk found the subpackages");
        assertEquals(List.of(), own.stream().filter(EndpointScan::deployable).toList());
    }

    @Test
    void serverApplicationConfigsChooseWhatDeploys() throws Exception {
        EndpointScan.Selection selection = EndpointScan.select(
                new LinkedHashSet<>(List.of(ScanFixtures.Chat.class, ScanFixtures.Programmatic.class, ScanFixtures.OnlyProgrammatic.class, Endpoint.class)), null);
        assertEquals(List.of(), selection.annotated());
        assertEquals(1, selection.programmatic().size());
        assertEquals(Set.of(ScanFixtures.Programmatic.class), ScanFixtures.OnlyProgrammatic.seenEndpoints, "abstract Endpoint itself is left out");
        assertEquals(Set.of(ScanFixtures.Chat.class), ScanFixtures.OnlyProgrammatic.seenAnnotated);
    }

    @Test
    void classesThatCannotBeInspectedAreSkippedAndTheRestDeploys() throws Exception {
        List<Class<?>> odd = io.wsgate.jakarta.fixtures.UninspectableClasses.load();
        for (Class<?> c : odd) {
            assertThrows(LinkageError.class, c::getEnclosingClass, c.getName() + " fails when its enclosing class is resolved");
        }
        Set<Class<?>> scanned = new LinkedHashSet<>(odd);
        scanned.add(ScanFixtures.Chat.class);
        EndpointScan.Selection selection = EndpointScan.select(scanned, null);
        assertEquals(List.of(ScanFixtures.Chat.class), selection.annotated());

        scanned.add(ScanFixtures.Programmatic.class);
        scanned.add(ScanFixtures.OnlyProgrammatic.class);
        selection = EndpointScan.select(scanned, null);
        assertEquals(1, selection.programmatic().size());
        // a static nested Endpoint needs no enclosing class to be offered to the ServerApplicationConfig
        assertEquals(Set.of(ScanFixtures.Programmatic.class, odd.get(0)), ScanFixtures.OnlyProgrammatic.seenEndpoints);
        assertEquals(Set.of(ScanFixtures.Chat.class), ScanFixtures.OnlyProgrammatic.seenAnnotated);
    }

    @Test
    void theInitializerDeploysAnApplicationHoldingClassesThatCannotBeInspected() throws Exception {
        Map<String, Object> attributes = new HashMap<>();
        List<Object> listeners = new ArrayList<>();
        ServletContext context = servletContext(attributes, listeners);
        Set<Class<?>> scanned = new LinkedHashSet<>(io.wsgate.jakarta.fixtures.UninspectableClasses.load());
        scanned.add(ScanFixtures.Chat.class);
        new WsgateInitializer().onStartup(scanned, context);
        WsgateServerContainer container = (WsgateServerContainer) attributes.get(WsgateServerContainer.ATTRIBUTE);
        assertNotNull(container.route("/chat/lobby", mock(HttpServletRequest.class)));
        assertNull(container.deploymentFailure());
    }

    // ---- the initializer against a mocked ServletContext

    static ServletContext servletContext(Map<String, Object> attributes, List<Object> listeners) {
        ServletContext context = mock(ServletContext.class);
        when(context.getAttribute(anyString())).thenAnswer(i -> attributes.get(i.<String>getArgument(0)));
        doAnswer(i -> attributes.put(i.getArgument(0), i.getArgument(1))).when(context).setAttribute(anyString(), any());
        doAnswer(i -> listeners.add(i.getArgument(0))).when(context).addListener(any(ServletContextListener.class));
        when(context.getFilterRegistrations()).thenAnswer(i -> new HashMap<String, FilterRegistration>());
        when(context.getInitParameterNames()).thenAnswer(i -> java.util.Collections.emptyEnumeration());
        FilterRegistration.Dynamic filter = mock(FilterRegistration.Dynamic.class);
        when(context.addFilter(anyString(), anyString())).thenReturn(filter);
        return context;
    }

    @Test
    void theInitializerInstallsContainerFilterAndRouter() throws Exception {
        Map<String, Object> attributes = new HashMap<>();
        List<Object> listeners = new ArrayList<>();
        ServletContext context = servletContext(attributes, listeners);
        new WsgateInitializer().onStartup(Set.of(ScanFixtures.Chat.class), context);
        WsgateServerContainer container = (WsgateServerContainer) attributes.get("jakarta.websocket.server.ServerContainer");
        assertNotNull(container);
        verify(context).addFilter(WsgateServerContainer.FILTER_CLASS, WsgateServerContainer.FILTER_CLASS);
        assertNotNull(WebSocketRoutes.of(context).route("/chat/x", mock(HttpServletRequest.class)));
        assertEquals(1, listeners.size());
        ((ServletContextListener) listeners.get(0)).contextInitialized(new ServletContextEvent(context));
    }

    @Test
    void anInvalidEndpointFailsTheApplication() {
        ServletContext context = servletContext(new HashMap<>(), new ArrayList<>());
        ServletException e = assertThrows(ServletException.class, () -> new WsgateInitializer().onStartup(Set.of(ScanFixtures.Bad.class), context));
        assertTrue(e.getMessage().contains(ScanFixtures.Bad.class.getName()), e.getMessage());
    }

    @Test
    void aForeignContainerIsRefusedWithTheLineThatDisablesIt() {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("jakarta.websocket.server.ServerContainer", new Object());
        ServletContext context = servletContext(attributes, new ArrayList<>());
        ServletException e = assertThrows(ServletException.class, () -> new WsgateInitializer().onStartup(Set.of(), context));
        assertTrue(e.getMessage().contains("Another Jakarta WebSocket implementation"), e.getMessage());
        assertTrue(ForeignContainer.message(new org.apache.tomcat.util.buf.ByteChunk())
                .contains("containerSciFilter=\"org.apache.tomcat.websocket.server.WsSci\""));
    }

    @Test
    void aContainerReplacedAfterStartupIsDetected() throws Exception {
        Map<String, Object> attributes = new HashMap<>();
        List<Object> listeners = new ArrayList<>();
        ServletContext context = servletContext(attributes, listeners);
        new WsgateInitializer().onStartup(null, context);
        attributes.put("jakarta.websocket.server.ServerContainer", new org.eclipse.jetty.util.Fields());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ((ServletContextListener) listeners.get(0)).contextInitialized(new ServletContextEvent(context)));
        assertTrue(e.getMessage().contains("org.eclipse.jetty.websocket.jakarta"), e.getMessage());
    }

    @Test
    void theListenerDeploysTheNamedClasses() {
        Map<String, Object> attributes = new HashMap<>();
        ServletContext context = servletContext(attributes, new ArrayList<>());
        when(context.getInitParameter(WsgateListener.ENDPOINTS_PARAM)).thenReturn(ScanFixtures.Chat.class.getName() + ", " + ScanFixtures.OnlyProgrammatic.class.getName());
        when(context.getClassLoader()).thenReturn(getClass().getClassLoader());
        new WsgateListener().contextInitialized(new ServletContextEvent(context));
        WsgateServerContainer container = (WsgateServerContainer) attributes.get("jakarta.websocket.server.ServerContainer");
        assertNotNull(container.route("/programmatic", mock(HttpServletRequest.class)));
        assertNull(container.route("/chat/x", mock(HttpServletRequest.class)), "the config chose no annotated endpoint");
        when(context.getInitParameter(WsgateListener.ENDPOINTS_PARAM)).thenReturn("com.example.Missing");
        Map<String, Object> fresh = new HashMap<>();
        ServletContext other = servletContext(fresh, new ArrayList<>());
        when(other.getInitParameter(WsgateListener.ENDPOINTS_PARAM)).thenReturn("com.example.Missing");
        when(other.getClassLoader()).thenReturn(getClass().getClassLoader());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new WsgateListener().contextInitialized(new ServletContextEvent(other)));
        assertTrue(e.getMessage().contains("com.example.Missing"), e.getMessage());
    }

    @Test
    void thePlatformDefaultConfiguratorIsWsgates() {
        ServerEndpointConfig.Configurator plain = new ServerEndpointConfig.Configurator();
        assertInstanceOf(WsgateDefaultConfigurator.class, plain.getContainerDefaultConfigurator());
        assertEquals("b", plain.getNegotiatedSubprotocol(List.of("a", "b"), List.of("c", "b", "a")));
        assertEquals("", plain.getNegotiatedSubprotocol(List.of("a"), List.of("c")));
        assertInstanceOf(WsgateDefaultConfigurator.class,
                ServerEndpointConfig.Builder.create(Programmatic.class, "/x").build().getConfigurator());
    }
}
