package io.wsgate.servlet;

import io.wsgate.engine.PerMessageDeflate;
import io.wsgate.engine.WebSocketPolicy;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The filter's init parameters, read once and by this class only: default limits, the origin check, the
 * connection caps and whether metrics are published over JMX. Whoever needs a setting (the filter, the Jakarta ServerContainer's {@code getDefault*}) asks
 * the application's {@link WebSocketUpgrader}, which holds one instance. Configuration that cannot work is
 * refused at startup with a message naming the init-param and the fix.
 */
final class WsgateSettings {

    private static final System.Logger LOG = System.getLogger(WsgateSettings.class.getName());

    /** Every init-param wsgate reads; anything else is most likely a typo, and is warned about. */
    static final List<String> KNOWN = List.of("allowedOrigins", "maxMessageSize", "maxTextMessageSize",
            "maxBinaryMessageSize", "maxFramePayload", "maxFramesPerMessage", "maxOutboundBytes", "overflowAction",
            "idleTimeout", "pingInterval", "closeTimeout", "maxConnections", "maxConnectionsPerAddress", "jmx",
            "permessageDeflate", "deflateServerContextTakeover", "deflateMinMessageSize");

    /** Class name of wsgate's filter, whose registration holds the init parameters. */
    static final String FILTER_CLASS = "io.wsgate.servlet.WsgateFilter";

    final WebSocketPolicy policy;
    final OriginPolicy origins;
    /** Most WebSocket connections open at once in the application; 0 for no limit. */
    final int maxConnections;
    /** Most WebSocket connections open at once from one client address; 0 for no limit. */
    final int maxConnectionsPerAddress;
    /** Whether the application's metrics are registered as MBeans (they are counted either way). */
    final boolean jmx;
    /** Whether permessage-deflate is negotiated at all (RFC 7692); on by default. */
    final boolean permessageDeflate;
    /**
     * Whether the server keeps its compression context between messages when the client allows it; on by default
     * (it costs 8 KiB of heap per connection that sends compressed messages, see {@code PerMessageDeflate}).
     */
    final boolean deflateServerContextTakeover;
    /** Messages smaller than this many bytes are sent uncompressed. */
    final int deflateMinMessageSize;

    /** The effective limits as the startup line shows them, under the init-parameter names. */
    String describe() {
        return "maxTextMessageSize=" + policy.maxTextMessageSize() + ", maxBinaryMessageSize=" + policy.maxBinaryMessageSize()
                + ", maxFramePayload=" + policy.maxFramePayload() + ", maxFramesPerMessage=" + policy.maxFramesPerMessage()
                + ", maxOutboundBytes=" + policy.maxOutboundBytes() + ", overflowAction=" + policy.overflowAction()
                + ", idleTimeout=" + policy.idleTimeout().toMillis() + ", pingInterval=" + policy.pingInterval().toMillis()
                + ", closeTimeout=" + policy.closeTimeout().toMillis() + ", maxConnections=" + maxConnections
                + ", maxConnectionsPerAddress=" + maxConnectionsPerAddress + ", permessageDeflate=" + permessageDeflate
                + ", deflateServerContextTakeover=" + deflateServerContextTakeover
                + ", deflateMinMessageSize=" + deflateMinMessageSize + ", jmx=" + jmx + ", allowedOrigins=" + origins;
    }

    private WsgateSettings(WebSocketPolicy policy, OriginPolicy origins, int maxConnections, int maxConnectionsPerAddress,
                           boolean jmx, boolean permessageDeflate, boolean deflateServerContextTakeover, int deflateMinMessageSize) {
        this.policy = policy;
        this.origins = origins;
        this.maxConnections = maxConnections;
        this.maxConnectionsPerAddress = maxConnectionsPerAddress;
        this.jmx = jmx;
        this.permessageDeflate = permessageDeflate;
        this.deflateServerContextTakeover = deflateServerContextTakeover;
        this.deflateMinMessageSize = deflateMinMessageSize;
    }

    static WsgateSettings defaults() {
        return new WsgateSettings(new WebSocketPolicy(), OriginPolicy.sameOrigin(), 0, 0, true, true, true,
                PerMessageDeflate.DEFAULT_MIN_MESSAGE_SIZE);
    }

    static WsgateSettings from(FilterConfig config) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String name : Collections.list(config.getInitParameterNames())) params.put(name, config.getInitParameter(name));
        return parse(params, true);
    }

    /**
     * The settings of wsgate's filter as registered in {@code context}, for readers that run before the filter's
     * {@code init} (a listener asking the ServerContainer for its defaults); null when no such registration is
     * visible (none, or the container forbids the call here).
     */
    static WsgateSettings fromRegistration(ServletContext context) {
        try {
            for (FilterRegistration registration : context.getFilterRegistrations().values()) {
                if (FILTER_CLASS.equals(registration.getClassName())) return parse(registration.getInitParameters(), false);
            }
        } catch (UnsupportedOperationException | IllegalStateException notHere) {
            // a listener added by an initializer may not ask (Servlet 6.1 section 4.4); the filter's init will tell
        }
        return null;
    }

    /**
     * @param warnUnknown whether to warn about names wsgate does not know (once, from the filter's init)
     * @throws IllegalArgumentException with a message naming the init-param, its value and what to write instead
     */
    static WsgateSettings parse(Map<String, String> raw, boolean warnUnknown) {
        Map<String, String> params = new LinkedHashMap<>();
        raw.forEach((name, value) -> {
            if (value != null && !value.isBlank()) params.put(name, value.trim());
        });
        Set<String> unknown = new LinkedHashSet<>(params.keySet());
        unknown.removeAll(KNOWN);
        if (warnUnknown && !unknown.isEmpty()) {
            LOG.log(Level.WARNING, "wsgate: ignoring unknown init-param(s) " + unknown + " of " + FILTER_CLASS
                    + "; the known ones are " + KNOWN);
        }

        WebSocketPolicy p = new WebSocketPolicy();
        String v;
        if ((v = params.get("maxMessageSize")) != null) p.maxMessageSize(size(v, "maxMessageSize"));
        if ((v = params.get("maxTextMessageSize")) != null) p.maxTextMessageSize(size(v, "maxTextMessageSize"));
        if ((v = params.get("maxBinaryMessageSize")) != null) p.maxBinaryMessageSize(size(v, "maxBinaryMessageSize"));
        if ((v = params.get("maxFramePayload")) != null) p.maxFramePayload(size(v, "maxFramePayload"));
        if ((v = params.get("maxFramesPerMessage")) != null) p.maxFramesPerMessage(count(v, "maxFramesPerMessage"));
        if ((v = params.get("maxOutboundBytes")) != null) {
            long bound = size(v, "maxOutboundBytes");
            if (bound == 0) {
                // An unbounded outbound queue lets one client that does not read hold the server's heap.
                throw new IllegalArgumentException("wsgate: init-param maxOutboundBytes=" + v + " is not allowed: an"
                        + " outbound queue must be bounded (a client that stops reading would fill the heap); give a"
                        + " size such as 1M (the default) or leave the parameter out");
            }
            p.maxOutboundBytes(bound);
        }
        if ((v = params.get("overflowAction")) != null) p.overflowAction(enumValue(v));
        if ((v = params.get("idleTimeout")) != null) p.idleTimeout(millis(v, "idleTimeout"));
        if ((v = params.get("pingInterval")) != null) p.pingInterval(millis(v, "pingInterval"));
        if ((v = params.get("closeTimeout")) != null) {
            Duration timeout = millis(v, "closeTimeout");
            if (timeout.isZero()) {
                // Zero cannot mean "wait forever" (a peer that never answers would hold the connection for ever)
                // nor "do not wait" (TCP would be dropped before our close frame is out).
                throw new IllegalArgumentException("wsgate: init-param closeTimeout=" + v + " is not allowed: the"
                        + " closing handshake needs time for the peer's close frame; give a time in milliseconds"
                        + " such as 5000 (the default) or leave the parameter out");
            }
            p.closeTimeout(timeout);
        }
        OriginPolicy origins = OriginPolicy.sameOrigin();
        if ((v = params.get("allowedOrigins")) != null) {
            Set<String> list = new LinkedHashSet<>();
            Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(list::add);
            origins = OriginPolicy.allowList(list);
        }
        int maxConnections = (v = params.get("maxConnections")) != null ? count(v, "maxConnections") : 0;
        int perAddress = (v = params.get("maxConnectionsPerAddress")) != null ? count(v, "maxConnectionsPerAddress") : 0;
        boolean jmx = (v = params.get("jmx")) == null || bool(v, "jmx");
        boolean deflate = (v = params.get("permessageDeflate")) == null || bool(v, "permessageDeflate");
        boolean contextTakeover = (v = params.get("deflateServerContextTakeover")) == null
                || bool(v, "deflateServerContextTakeover");
        int minSize = PerMessageDeflate.DEFAULT_MIN_MESSAGE_SIZE;
        if ((v = params.get("deflateMinMessageSize")) != null) {
            long n = size(v, "deflateMinMessageSize");
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("wsgate: init-param deflateMinMessageSize must be at most "
                        + Integer.MAX_VALUE + " bytes, not '" + v + "'; use permessageDeflate=false to switch compression off");
            }
            minSize = (int) n;
        }
        return new WsgateSettings(p, origins, maxConnections, perAddress, jmx, deflate, contextTakeover, minSize);
    }

    /** true or false, nothing else: a typo must not silently switch a feature. */
    private static boolean bool(String value, String name) {
        if (value.equalsIgnoreCase("true")) return true;
        if (value.equalsIgnoreCase("false")) return false;
        throw new IllegalArgumentException("wsgate: init-param " + name + " must be true or false, not '" + value + "'");
    }

    /** Bytes: a whole number, optionally with a K, M or G suffix (powers of 1024). */
    private static long size(String value, String name) {
        String v = value.toUpperCase(Locale.ROOT);
        long unit = 1;
        char last = v.charAt(v.length() - 1);
        if (last == 'K' || last == 'M' || last == 'G') {
            unit = last == 'K' ? 1024 : last == 'M' ? 1024 * 1024 : 1024L * 1024 * 1024;
            v = v.substring(0, v.length() - 1).trim();
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0) throw new NumberFormatException();
            return Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("wsgate: init-param " + name + " must be a size in bytes (a whole number,"
                    + " optionally with K, M or G; 0 for no limit), not '" + value + "'");
        }
    }

    /** A whole number of things, 0 for no limit. */
    private static int count(String value, String name) {
        try {
            int n = Integer.parseInt(value);
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("wsgate: init-param " + name + " must be a whole number from 0 (no limit)"
                    + " to " + Integer.MAX_VALUE + ", not '" + value + "'");
        }
    }

    /** Milliseconds, 0 for never. */
    private static Duration millis(String value, String name) {
        try {
            long n = Long.parseLong(value);
            if (n < 0) throw new NumberFormatException();
            return Duration.ofMillis(n);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("wsgate: init-param " + name + " must be a time in milliseconds (a whole"
                    + " number), not '" + value + "'");
        }
    }

    private static WebSocketPolicy.OverflowAction enumValue(String value) {
        try {
            return WebSocketPolicy.OverflowAction.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("wsgate: init-param overflowAction must be one of "
                    + Arrays.toString(WebSocketPolicy.OverflowAction.values()) + ", not '" + value + "'");
        }
    }
}
