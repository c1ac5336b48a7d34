package io.wsgate.sample;

/** The slow-client attack on the sample WAR in the Jetty 12.1 distribution (ee11, annotations) with a small heap. */
class JettySlowClientIT extends SlowClientAttackContract {

    private JettyDistribution jetty;

    @Override
    Deployment deploy() throws Exception {
        jetty = JettyDistribution.start(WAR, true, HEAP, "jetty-base-slow-clients");
        return jetty;
    }

    @Override
    long javaPid() { return jetty.javaPid(); }
}
