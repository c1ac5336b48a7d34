package io.wsgate.redis;

import jakarta.servlet.ServletContext;

import java.net.URI;
import java.time.Duration;

/**
 * Where Redis is and how the broker uses it: the URI ({@code redis://[[user]:password@]host[:port][/database]}, or
 * {@code rediss://} for TLS), the channel (one per application sharing a Redis), the heartbeat interval, how long a
 * silent node's users stay present, and the bound of the publish queue.
 */
public record RedisSettings(URI uri, String channel, Duration heartbeat, Duration presenceTtl, int publishQueue) {

    public static final String URI_PARAM = "wsgate.redis.uri";
    public static final String CHANNEL_PARAM = "wsgate.redis.channel";
    public static final String HEARTBEAT_PARAM = "wsgate.redis.heartbeatMillis";
    public static final String PRESENCE_TTL_PARAM = "wsgate.redis.presenceTtlMillis";
    public static final String PUBLISH_QUEUE_PARAM = "wsgate.redis.publishQueue";

    public RedisSettings {
        String scheme = uri.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
            throw new IllegalArgumentException(URI_PARAM + " must be redis://host:port[/database] or rediss://..., not "
                    + redacted(uri));
        }
        if (uri.getHost() == null) throw new IllegalArgumentException(URI_PARAM + " has no host: " + redacted(uri));
        if (channel == null || channel.isEmpty()) throw new IllegalArgumentException(CHANNEL_PARAM + " must not be empty");
        if (heartbeat.isNegative() || heartbeat.isZero()) throw new IllegalArgumentException(HEARTBEAT_PARAM + " must be positive");
        if (presenceTtl.compareTo(heartbeat.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException(PRESENCE_TTL_PARAM + " (" + presenceTtl.toMillis()
                    + " ms) must be at least twice the heartbeat (" + heartbeat.toMillis()
                    + " ms), or a node loses the others' users between two heartbeats");
        }
        if (publishQueue < 1) throw new IllegalArgumentException(PUBLISH_QUEUE_PARAM + " must be at least 1");
    }

    /** Defaults: heartbeat every 5 s, users of a silent node gone after 15 s, 10,000 envelopes queued at most. */
    public static RedisSettings of(URI uri, String channel) {
        return new RedisSettings(uri, channel, Duration.ofSeconds(5), Duration.ofSeconds(15), 10_000);
    }

    /**
     * From the context parameters, or null when {@code wsgate.redis.uri} is unset. The channel defaults to
     * {@code wsgate:} and the context path, so applications sharing a Redis do not hear each other.
     */
    public static RedisSettings from(ServletContext context) {
        String uri = context.getInitParameter(URI_PARAM);
        if (uri == null || uri.isBlank()) return null;
        return from(context, URI.create(uri.trim()));
    }

    public static RedisSettings from(ServletContext context, URI uri) {
        String channel = context.getInitParameter(CHANNEL_PARAM);
        if (channel == null) channel = "wsgate:" + (context.getContextPath().isEmpty() ? "/" : context.getContextPath());
        return new RedisSettings(uri, channel,
                Duration.ofMillis(number(context, HEARTBEAT_PARAM, 5_000)),
                Duration.ofMillis(number(context, PRESENCE_TTL_PARAM, 15_000)),
                (int) number(context, PUBLISH_QUEUE_PARAM, 10_000));
    }

    private static long number(ServletContext context, String name, long fallback) {
        String value = context.getInitParameter(name);
        if (value == null) return fallback;
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, not \"" + value + "\"");
        }
    }

    /** The URI without its password, for logs. */
    public String where() { return redacted(uri); }

    static String redacted(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
                + (uri.getPath() == null ? "" : uri.getPath());
    }

    @Override
    public String toString() {
        return "Redis " + where() + " channel " + channel + ", heartbeat " + heartbeat.toMillis() + " ms, presence TTL "
                + presenceTtl.toMillis() + " ms, publish queue " + publishQueue;
    }
}
