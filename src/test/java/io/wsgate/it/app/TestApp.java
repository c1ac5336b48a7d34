package io.wsgate.it.app;

import io.wsgate.engine.WebSocketPolicy;
import io.wsgate.servlet.WebSocketRoute;
import io.wsgate.servlet.WebSocketRoutes;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;

/** The web application most integration tests run against, configured as an application would in code. */
public final class TestApp {

    /**
     * The filter by class name rather than class literal, so the tests compile on their own; a web.xml names it
     * the same way.
     */
    public static final String WSGATE_FILTER = "io.wsgate.servlet.WsgateFilter";

    public static final int MIB = 1024 * 1024;

    /** Echo of whole messages up to 16 MiB. */
    public static final String ECHO = "/echo";
    /** Echo limited to {@link #SMALL_MAX}-byte messages. */
    public static final String SMALL = "/small";
    public static final int SMALL_MAX = 1024;
    /** Echo limited to {@link #FEW_FRAMES_MAX} frames per message. */
    public static final String FEW_FRAMES = "/fewframes";
    public static final int FEW_FRAMES_MAX = 4;
    /** Closes as soon as it opens, and waits only {@link #QUICK_CLOSE_TIMEOUT} for the client's close. */
    public static final String CLOSER = "/closer";
    public static final Duration QUICK_CLOSE_TIMEOUT = Duration.ofMillis(500);
    /** Echo speaking only the subprotocol "b". */
    public static final String PROTO = "/proto";
    /** Echo accepting only pages from {@link #LISTED_ORIGIN}. */
    public static final String ALLOW_LIST = "/allowlist";
    public static final String LISTED_ORIGIN = "https://good.example";

    private TestApp() {}

    /** The whole application: the wsgate filter, a plain servlet behind it at "/", and the test endpoints. */
    public static void configure(ServletContext context) {
        configure(context, Map.of());
    }

    /** The same with init parameters for the filter. */
    public static void configure(ServletContext context, Map<String, String> filterInitParameters) {
        addWsgateFilter(context, filterInitParameters);
        addPlainServlet(context);
        WebSocketPolicy echoPolicy = new WebSocketPolicy().maxMessageSize(16 * MIB);
        WebSocketRoutes.of(context)
                .add(new WebSocketRoute(ECHO, (request, subprotocol) -> new EchoListener()).policy(echoPolicy))
                .add(new WebSocketRoute(SMALL, (request, subprotocol) -> new EchoListener())
                        .policy(new WebSocketPolicy().maxMessageSize(SMALL_MAX)))
                .add(new WebSocketRoute(FEW_FRAMES, (request, subprotocol) -> new EchoListener())
                        .policy(echoPolicy.copy().maxFramesPerMessage(FEW_FRAMES_MAX)))
                .add(new WebSocketRoute(CLOSER, (request, subprotocol) -> new ClosingListener())
                        .policy(new WebSocketPolicy().closeTimeout(QUICK_CLOSE_TIMEOUT)))
                .add(new WebSocketRoute(PROTO, (request, subprotocol) -> new EchoListener()).subprotocols("b"))
                .add(new WebSocketRoute(ALLOW_LIST, (request, subprotocol) -> new EchoListener()).allowedOrigins(LISTED_ORIGIN));
    }

    public static void addWsgateFilter(ServletContext context, Map<String, String> initParameters) {
        FilterRegistration.Dynamic filter = context.addFilter("wsgate", WSGATE_FILTER);
        filter.setAsyncSupported(true);
        filter.setInitParameters(initParameters);
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
    }

    /** Left without async support, as most applications' servlets are. */
    public static void addPlainServlet(ServletContext context) {
        ServletRegistration.Dynamic servlet = context.addServlet("plain", new PlainServlet());
        servlet.addMapping("/");
    }
}
