package io.wsgate.servlet;

import io.wsgate.engine.WebSocketPolicy;
import jakarta.servlet.FilterConfig;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;

/** The filter's init parameters, read once: default limits and the origin check. */
final class WsgateSettings {

    final WebSocketPolicy policy;
    final OriginPolicy origins;

    WsgateSettings(WebSocketPolicy policy, OriginPolicy origins) {
        this.policy = policy;
        this.origins = origins;
    }

    static WsgateSettings defaults() {
        return new WsgateSettings(new WebSocketPolicy(), OriginPolicy.sameOrigin());
    }

    static WsgateSettings from(FilterConfig config) {
        Function<String, String> param = name -> {
            String v = config.getInitParameter(name);
            return v == null || v.isBlank() ? null : v.trim();
        };
        WebSocketPolicy p = new WebSocketPolicy();
        String v;
        if ((v = param.apply("maxMessageSize")) != null) p.maxMessageSize(bytes(v, "maxMessageSize"));
        if ((v = param.apply("maxTextMessageSize")) != null) p.maxTextMessageSize(bytes(v, "maxTextMessageSize"));
        if ((v = param.apply("maxBinaryMessageSize")) != null) p.maxBinaryMessageSize(bytes(v, "maxBinaryMessageSize"));
        if ((v = param.apply("maxFramePayload")) != null) p.maxFramePayload(bytes(v, "maxFramePayload"));
        if ((v = param.apply("maxFramesPerMessage")) != null) p.maxFramesPerMessage((int) bytes(v, "maxFramesPerMessage"));
        if ((v = param.apply("maxOutboundBytes")) != null) p.maxOutboundBytes(bytes(v, "maxOutboundBytes"));
        if ((v = param.apply("overflowAction")) != null) p.overflowAction(enumValue(v));
        if ((v = param.apply("idleTimeout")) != null) p.idleTimeout(Duration.ofMillis(bytes(v, "idleTimeout")));
        if ((v = param.apply("pingInterval")) != null) p.pingInterval(Duration.ofMillis(bytes(v, "pingInterval")));
        if ((v = param.apply("closeTimeout")) != null) p.closeTimeout(Duration.ofMillis(bytes(v, "closeTimeout")));
        OriginPolicy origins = OriginPolicy.sameOrigin();
        if ((v = param.apply("allowedOrigins")) != null) {
            Set<String> list = new LinkedHashSet<>();
            Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(list::add);
            origins = OriginPolicy.allowList(list);
        }
        return new WsgateSettings(p, origins);
    }

    /** A whole number, optionally with a K, M or G suffix (powers of 1024) for sizes. */
    private static long bytes(String value, String name) {
        String v = value.toUpperCase(java.util.Locale.ROOT);
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
            throw new IllegalArgumentException("wsgate: init-param " + name + " must be a non-negative number, not '" + value + "'");
        }
    }

    private static WebSocketPolicy.OverflowAction enumValue(String value) {
        try {
            return WebSocketPolicy.OverflowAction.valueOf(value.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("wsgate: init-param overflowAction must be one of "
                    + Arrays.toString(WebSocketPolicy.OverflowAction.values()) + ", not '" + value + "'");
        }
    }
}
