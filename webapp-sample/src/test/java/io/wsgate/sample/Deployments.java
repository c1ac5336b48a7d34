package io.wsgate.sample;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Checks shared by the container launchers. */
final class Deployments {

    private Deployments() {}

    /** The container started; this makes sure the WAR did too (a failed deployment answers 404 or 503). */
    static void requireDeployed(Deployment deployment, ContainerProcess process) throws Exception {
        requireDeployed(deployment, process, "static/live.js");
    }

    /** The same with another WAR's page to ask for. */
    static void requireDeployed(Deployment deployment, ContainerProcess process, String probe) throws Exception {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if ("https".equals(deployment.base().getScheme())) builder.sslContext(TestTls.trusting());
        HttpClient http = builder.build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(deployment.base().resolve(probe))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the WAR did not deploy on the " + deployment.name() + ": GET " + probe + " answered "
                    + response.statusCode() + "\n" + process.output());
        }
    }
}
