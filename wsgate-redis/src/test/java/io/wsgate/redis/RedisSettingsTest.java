package io.wsgate.redis;

import jakarta.servlet.ServletContext;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The context parameters: defaults, a channel per application, and bad values refused with the parameter's name. */
class RedisSettingsTest {

    /** A ServletContext with only a context path and init parameters. */
    private static ServletContext context(String path, Map<String, String> params) {
        return (ServletContext) Proxy.newProxyInstance(RedisSettingsTest.class.getClassLoader(),
                new Class<?>[] {ServletContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getContextPath" -> path;
                    case "getInitParameter" -> params.get((String) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void withoutTheUriTheApplicationStaysOnOneNode() {
        assertNull(RedisSettings.from(context("/shop", Map.of())));
    }

    @Test
    void defaultsAndAChannelPerApplication() {
        RedisSettings settings = RedisSettings.from(context("/shop", Map.of(RedisSettings.URI_PARAM,
                "rediss://user:s3cret@redis.example:6380/2")));
        assertEquals("wsgate:/shop", settings.channel());
        assertEquals(Duration.ofSeconds(5), settings.heartbeat());
        assertEquals(Duration.ofSeconds(15), settings.presenceTtl());
        assertEquals(10_000, settings.publishQueue());
        assertEquals("rediss://redis.example:6380/2", settings.where());
        assertFalse(settings.toString().contains("s3cret"), "no password in logs: " + settings);
        assertEquals("wsgate:/", RedisSettings.from(context("", Map.of(RedisSettings.URI_PARAM, "redis://h"))).channel());
    }

    @Test
    void badValuesNameTheParameter() {
        IllegalArgumentException scheme = assertThrows(IllegalArgumentException.class, () -> RedisSettings.from(
                context("", Map.of(RedisSettings.URI_PARAM, "http://:pw@redis.example"))));
        assertTrue(scheme.getMessage().contains(RedisSettings.URI_PARAM) && !scheme.getMessage().contains("pw"), scheme.getMessage());
        IllegalArgumentException ttl = assertThrows(IllegalArgumentException.class, () -> RedisSettings.from(
                context("", Map.of(RedisSettings.URI_PARAM, "redis://h", RedisSettings.PRESENCE_TTL_PARAM, "6000"))));
        assertTrue(ttl.getMessage().contains(RedisSettings.PRESENCE_TTL_PARAM), ttl.getMessage());
        IllegalArgumentException number = assertThrows(IllegalArgumentException.class, () -> RedisSettings.from(
                context("", Map.of(RedisSettings.URI_PARAM, "redis://h", RedisSettings.HEARTBEAT_PARAM, "5s"))));
        assertTrue(number.getMessage().contains(RedisSettings.HEARTBEAT_PARAM), number.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RedisSettings(URI.create("redis://h"), "c",
                Duration.ofSeconds(1), Duration.ofSeconds(3), 0));
    }
}
