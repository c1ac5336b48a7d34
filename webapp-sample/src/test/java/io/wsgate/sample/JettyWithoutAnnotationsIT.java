package io.wsgate.sample;

/**
 * The WAR in a Jetty 12.1 base with only http and ee11-deploy: no ServletContainerInitializer runs, so wsgate is
 * set up by io.wsgate.jakarta.WsgateListener from web.xml, with the endpoints named in its context parameter.
 * No JSP either (Jetty's ee11-jsp module requires ee11-annotations).
 */
class JettyWithoutAnnotationsIT extends SampleAppContract {

    @Override
    Deployment deploy() throws Exception {
        return JettyDistribution.start(WAR, false);
    }

    @Override
    boolean hasJsp() { return false; }
}
