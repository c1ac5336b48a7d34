package io.wsgate.sample;

/** The WAR on the embedded Jetty launcher (mvn exec:java), at the root context. With the browser. */
class EmbeddedJettyIT extends BrowserContract {

    @Override
    Deployment deploy() throws Exception {
        return EmbeddedJetty.start(WAR);
    }

    @Override
    boolean takesScreenshots() { return true; }
}
