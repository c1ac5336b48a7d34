package io.wsgate.servlet;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The order of filters on a request as web.xml gives it, and which of them wsgate's filter hides from handshakes. */
class FilterOrderTest {

    private static final String WSGATE = "<filter><filter-name>ws</filter-name>"
            + "<filter-class>io.wsgate.servlet.WsgateFilter</filter-class></filter>";
    private static final String LOGIN = "<filter><filter-name>login</filter-name><filter-class>x.Login</filter-class></filter>";

    private static List<String> after(String body) throws Exception {
        String xml = "<?xml version=\"1.0\"?><web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">"
                + WSGATE + LOGIN + body + "</web-app>";
        Document doc = FilterOrder.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        return FilterOrder.mappedAfter(doc, "ws");
    }

    private static String byUrl(String name) {
        return "<filter-mapping><filter-name>" + name + "</filter-name><url-pattern>/*</url-pattern></filter-mapping>";
    }

    @Test
    void aLoginFilterMappedAfterWsgateIsReported() throws Exception {
        assertEquals(List.of("login"), after(byUrl("ws") + byUrl("login")));
    }

    @Test
    void aLoginFilterMappedBeforeWsgateIsFine() throws Exception {
        assertEquals(List.of(), after(byUrl("login") + byUrl("ws")));
    }

    @Test
    void servletNameMappingsRunAfterUrlPatternMappingsWhereverTheyAreWritten() throws Exception {
        String loginByServlet = "<filter-mapping><filter-name>login</filter-name><servlet-name>app</servlet-name></filter-mapping>";
        assertEquals(List.of("login"), after(loginByServlet + byUrl("ws")));
    }

    @Test
    void aFilterOnlyForErrorDispatchesDoesNotCount() throws Exception {
        String loginOnErrors = "<filter-mapping><filter-name>login</filter-name><url-pattern>/*</url-pattern>"
                + "<dispatcher>ERROR</dispatcher></filter-mapping>";
        assertEquals(List.of(), after(byUrl("ws") + loginOnErrors));
    }

    @Test
    void noWsgateMappingNothingToSay() throws Exception {
        assertEquals(List.of(), after(byUrl("login")));
    }

    @Test
    void anOldDoctypeIsNotFetched() throws Exception {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE web-app PUBLIC \"-//x//DTD Web Application 2.3//EN\" "
                + "\"http://127.0.0.1:9/web-app_2_3.dtd\"><web-app>" + WSGATE + LOGIN + byUrl("ws") + byUrl("login") + "</web-app>";
        Document doc = FilterOrder.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("login"), FilterOrder.mappedAfter(doc, "ws"));
    }
}
