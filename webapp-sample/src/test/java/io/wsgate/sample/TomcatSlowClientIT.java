package io.wsgate.sample;

/** The slow-client attack on the sample WAR in the Tomcat 11 distribution with a small heap. */
class TomcatSlowClientIT extends SlowClientAttackContract {

    private TomcatDistribution tomcat;

    @Override
    Deployment deploy() throws Exception {
        tomcat = TomcatDistribution.start(WAR, TomcatDistribution.Setup.DEFAULT.withHeap(HEAP));
        return tomcat;
    }

    @Override
    long javaPid() { return tomcat.javaPid(); }
}
