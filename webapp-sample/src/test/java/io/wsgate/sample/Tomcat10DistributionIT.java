package io.wsgate.sample;

/**
 * The WAR dropped into webapps/ of a Tomcat 10.1 distribution (Servlet 6.0, Jakarta WebSocket 2.1 API in its lib/,
 * which the application then uses instead of its own 2.2 copy), started with bin/catalina.sh run. With the browser.
 */
class Tomcat10DistributionIT extends BrowserContract {

    @Override
    Deployment deploy() throws Exception {
        return TomcatDistribution.start(WAR, TomcatDistribution.Setup.DEFAULT, "tomcat10.home");
    }
}
