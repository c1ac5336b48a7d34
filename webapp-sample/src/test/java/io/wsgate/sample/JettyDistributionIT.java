package io.wsgate.sample;

/** The WAR in a Jetty 12.1 base with http, ee11-deploy, ee11-annotations and ee11-jsp: wsgate's initializer runs. */
class JettyDistributionIT extends SampleAppContract {

    @Override
    Deployment deploy() throws Exception {
        return JettyDistribution.start(WAR, true);
    }
}
