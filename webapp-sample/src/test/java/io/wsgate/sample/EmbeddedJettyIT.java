package io.wsgate.sample;

/** The WAR on the embedded Jetty launcher (mvn exec:java), at the root context. With the browser. */
class EmbeddedJettyIT extends BrowserContract {

    @Override
    Deployment deploy() throws Exception {
        return EmbeddedJetty.start(WAR);
    }

    @Override
    boolean takesScreenshots() { return true; }

    @org.junit.jupiter.api.Test
    void theLauncherListensOnLoopbackUnlessToldOtherwise() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty(SampleServer.HOST_PROPERTY) == null, "host set explicitly");
        org.junit.jupiter.api.Assertions.assertEquals("127.0.0.1", SampleServer.host());
        org.junit.jupiter.api.Assertions.assertEquals("127.0.0.1", ((EmbeddedJetty) deployment).listeningHost());
    }
}
