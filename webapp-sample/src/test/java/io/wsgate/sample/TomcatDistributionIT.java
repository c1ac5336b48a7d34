package io.wsgate.sample;

/** The WAR dropped into webapps/ of a Tomcat 11 distribution, started with bin/catalina.sh run. With the browser. */
class TomcatDistributionIT extends BrowserContract {

    @Override
    Deployment deploy() throws Exception {
        return TomcatDistribution.start(WAR);
    }
}
