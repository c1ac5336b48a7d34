package io.wsgate.sample;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Tomcat's manager application through its text interface (/manager/text/, role manager-script), as deployment
 * scripts use it. Every command answers synchronously: when {@link #reload} returns, the application has stopped
 * and started again.
 */
final class TomcatManager {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final URI text;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    TomcatManager(TomcatDistribution tomcat) {
        this.text = tomcat.base().resolve("/manager/text/");
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (TomcatDistribution.MANAGER_USER + ":" + TomcatDistribution.MANAGER_PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    /** Stops the application at {@code path} and starts it again with a new class loader. */
    String reload(String path) throws Exception {
        return command("reload?path=" + encode(path));
    }

    /** Stops the application at {@code path}, leaving it deployed. */
    String stop(String path) throws Exception {
        return command("stop?path=" + encode(path));
    }

    /** Stops the application and removes it (and its WAR) from the host. */
    String undeploy(String path) throws Exception {
        return command("undeploy?path=" + encode(path));
    }

    /**
     * Tomcat's own leak check: after a full GC, the context paths of stopped applications whose class loader is
     * still reachable, one a line after the status line ("OK - No memory leaks found" when there are none).
     */
    String findLeaks() throws Exception {
        return command("findleaks?statusLine=true");
    }

    private String command(String command) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(text.resolve(command)).timeout(TIMEOUT)
                .header("Authorization", authorization).build(), HttpResponse.BodyHandlers.ofString());
        String body = response.body().strip();
        if (response.statusCode() != 200 || !body.startsWith("OK")) {
            throw new IllegalStateException("manager " + command + " answered " + response.statusCode() + ": " + body);
        }
        return body;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
