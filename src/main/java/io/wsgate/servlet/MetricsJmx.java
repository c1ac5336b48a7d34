package io.wsgate.servlet;

import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An application's MBeans on the platform MBean server, where JConsole finds them (or any JMX client, through
 * the connector {@code jcmd <pid> ManagementAgent.start_local} starts):
 * {@code io.wsgate:type=Application,context=/app} and one {@code io.wsgate:type=Endpoint,context=/app,path="/x"}
 * per endpoint. Two applications with the same context path in one JVM (two servers, two virtual hosts) cannot
 * share a name: the first keeps the plain one, the others get {@code instance=2}, {@code instance=3}, ... after the
 * context, on the application's MBean and its endpoints' alike. The plain name is what people type and what one
 * server per JVM always gets; a name that varied (a host name, an identity hash) would make every name unreadable
 * for the rare case.
 *
 * <p>The MBeans are MXBeans whose attributes are JDK types only (numbers, strings, maps that become
 * {@code TabularData}): a JMX client needs no wsgate class, and once {@link #unregisterAll} has run (when the
 * application stops) the server holds nothing of the application's class loader.
 */
final class MetricsJmx {

    static final String DOMAIN = "io.wsgate";

    private static final System.Logger LOG = System.getLogger(MetricsJmx.class.getName());
    /** More applications with one context path than this in one JVM is a leak, not a deployment. */
    private static final int MAX_INSTANCES = 1000;

    /** What JConsole shows beside each attribute (the same words as README's "Metrics" section). */
    private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry("ContextPath", "the web application's context path"),
            Map.entry("Path", "the endpoint's path template"),
            Map.entry("Endpoints", "path templates of the endpoints that have an MBean of their own"),
            Map.entry("OpenSessions", "WebSocket connections open now"),
            Map.entry("SessionsOpened", "connections opened since the application started"),
            Map.entry("SessionsClosed", "connections closed since the application started"),
            Map.entry("CloseCodes", "connections ended per close code the endpoint was told (1006: dropped without a close frame)"),
            Map.entry("MessagesIn", "text and binary messages received whole"),
            Map.entry("MessagesOut", "text and binary messages written to the network"),
            Map.entry("BytesIn", "bytes read from the network after the handshake (frames with headers)"),
            Map.entry("BytesOut", "bytes written to the network after the handshake (frames with headers)"),
            Map.entry("OutboundBytesQueued", "what the open connections' outbound queues hold now, as charged against maxOutboundBytes"),
            Map.entry("SendsRefusedByOutboundBound", "sends refused because they did not fit under maxOutboundBytes"),
            Map.entry("HandshakesRefused", "handshakes refused, by reason (the log says more, at WARNING, at most once a minute per reason)"),
            Map.entry("HandshakesRefusedTotal", "handshakes refused, all reasons"),
            Map.entry("BytesBeforeCompressionOut", "outgoing payload bytes before permessage-deflate (0 without compression)"),
            Map.entry("BytesAfterCompressionOut", "outgoing payload bytes after permessage-deflate (0 without compression)"),
            Map.entry("BytesBeforeInflationIn", "incoming compressed payload bytes (0 without compression)"),
            Map.entry("BytesAfterInflationIn", "incoming payload bytes after inflation (0 without compression)"));

    private final MBeanServer server;
    /** "context=/app" or "context=/app,instance=2": shared by the application's MBean and its endpoints'. */
    private final String context;
    private final ObjectName application;
    /** Guarded by this. */
    private final List<ObjectName> registered = new ArrayList<>();

    private MetricsJmx(MBeanServer server, String context, ObjectName application) {
        this.server = server;
        this.context = context;
        this.application = application;
        registered.add(application);
    }

    /** Registers the application's MBean under the first free name; null (and a warning) if JMX refuses. */
    static MetricsJmx publish(ApplicationMetrics metrics) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            String base = "context=" + value(metrics.getContextPath());
            for (int instance = 1; instance <= MAX_INSTANCES; instance++) {
                String context = instance == 1 ? base : base + ",instance=" + instance;
                ObjectName name = new ObjectName(DOMAIN + ":type=Application," + context);
                try {
                    server.registerMBean(mbean(metrics, ApplicationMXBean.class), name);
                    // The rare case, where the operator must learn which application is which: said once.
                    LOG.log(instance == 1 ? Level.DEBUG : Level.INFO, "wsgate: metrics of " + metrics
                            + " published as " + name + (instance == 1 ? "" : " (another application in this JVM has"
                            + " the same context path)"));
                    return new MetricsJmx(server, context, name);
                } catch (InstanceAlreadyExistsException taken) {
                    // another application with this context path in the JVM: try the next instance
                }
            }
            LOG.log(Level.WARNING, "wsgate: no free JMX name for " + metrics + " after " + MAX_INSTANCES
                    + " instances; its metrics are not published");
        } catch (JMException | RuntimeException e) {
            LOG.log(Level.WARNING, "wsgate: could not register the JMX metrics of " + metrics
                    + " (set the filter's init-param jmx=false to stop trying): " + e);
        }
        return null;
    }

    ObjectName applicationName() {
        return application;
    }

    synchronized void add(EndpointMetrics metrics) {
        try {
            ObjectName name = new ObjectName(DOMAIN + ":type=Endpoint," + context + ",path=" + ObjectName.quote(metrics.getPath()));
            server.registerMBean(mbean(metrics, EndpointMXBean.class), name);
            registered.add(name);
        } catch (JMException | RuntimeException e) {
            LOG.log(Level.WARNING, "wsgate: could not register the JMX metrics of " + metrics + ": " + e);
        }
    }

    synchronized void unregisterAll() {
        for (ObjectName name : registered) {
            try {
                server.unregisterMBean(name);
            } catch (JMException | RuntimeException e) {
                LOG.log(Level.DEBUG, "wsgate: unregistering " + name + " failed: " + e);
            }
        }
        registered.clear();
    }

    /** An ObjectName value as is when it can stand unquoted, so the usual context path reads plainly. */
    static String value(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (",=:\"*?\n\\".indexOf(text.charAt(i)) >= 0) return ObjectName.quote(text);
        }
        return text;
    }

    /** An MXBean whose attributes JConsole describes with the interface's meanings. */
    private static <T> StandardMBean mbean(T implementation, Class<T> type) {
        return new StandardMBean(implementation, type, true) {
            @Override
            protected String getDescription(MBeanAttributeInfo info) {
                String meaning = DESCRIPTIONS.get(info.getName());
                return meaning != null ? meaning : super.getDescription(info);
            }

            @Override
            protected String getDescription(MBeanInfo info) {
                return type == ApplicationMXBean.class ? "wsgate: one web application's WebSocket figures"
                        : "wsgate: one WebSocket endpoint's figures (one path template)";
            }
        };
    }

}
