package io.wsgate.sample;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The WAR in Tomcat 11 with TLS and HTTP/2 on its connector. Tomcat does not offer extended CONNECT (RFC 8441), so
 * Chromium loads the pages over h2 and opens the WebSockets over HTTP/1.1 on another connection, which wsgate serves
 * with the servlet upgrade as usual: the sample's chat and notifications work as over plain HTTP.
 */
class TomcatHttp2DistributionIT {

    @Test
    void chatAndNotificationsLiveWithPagesOverHttp2() throws Exception {
        try (TomcatDistribution tomcat = TomcatDistribution.start(SampleAppContract.WAR,
                TomcatDistribution.Setup.DEFAULT.withTlsAndHttp2())) {
            JettyHttp2DistributionIT.chatAndNotifications(tomcat);
            assertFalse(tomcat.log().contains(JettyHttp2DistributionIT.H2_WEBSOCKET_LINE), tomcat.log());
        }
    }
}
