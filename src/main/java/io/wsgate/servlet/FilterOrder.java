package io.wsgate.servlet;

import jakarta.servlet.ServletContext;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds filters that run after wsgate's on a request, from the order of {@code <filter-mapping>}s in
 * {@code WEB-INF/web.xml}: the Servlet API says which filters exist, never in which order they run. A filter after
 * wsgate's never sees a WebSocket handshake (wsgate answers it), so a login or security filter there is bypassed for
 * WebSocket endpoints. What cannot be seen: order given by web-fragment.xml files, {@code @WebFilter}, and filters
 * that other initializers or listeners add at run time.
 */
final class FilterOrder {

    private FilterOrder() {}

    /** One warning naming the filters web.xml maps after wsgate's for requests, and the fix; none if there are none. */
    static List<String> warnings(ServletContext context, String filterName) {
        List<String> after;
        try (InputStream webXml = context.getResourceAsStream("/WEB-INF/web.xml")) {
            if (webXml == null) return List.of();
            after = mappedAfter(parse(webXml), filterName);
        } catch (Exception unreadable) {
            return List.of(); // the container parsed it already and complains itself about a broken one
        }
        if (after.isEmpty()) return List.of();
        return List.of("web.xml maps the filter(s) " + after + " after wsgate's filter '" + filterName + "': they never"
                + " see a WebSocket handshake, so a login or security check among them does not protect the WebSocket"
                + " endpoints. Fix: remove wsgate's <filter> and <filter-mapping> from web.xml (its initializer then"
                + " adds it after the application's filters), or move its <filter-mapping> below the others");
    }

    /**
     * The filters that run after {@code wsgate} on a REQUEST dispatch, in chain order: the Servlet specification runs
     * the url-pattern mappings in document order, then the servlet-name mappings in document order.
     */
    static List<String> mappedAfter(Document webXml, String wsgate) {
        Map<String, String> classes = new HashMap<>();
        for (Element filter : children(webXml.getDocumentElement(), "filter")) {
            classes.put(text(filter, "filter-name"), text(filter, "filter-class"));
        }
        List<String> byUrl = new ArrayList<>();
        List<String> byServlet = new ArrayList<>();
        for (Element mapping : children(webXml.getDocumentElement(), "filter-mapping")) {
            if (!forRequests(mapping)) continue;
            String name = text(mapping, "filter-name");
            if (!children(mapping, "url-pattern").isEmpty()) byUrl.add(name);
            if (!children(mapping, "servlet-name").isEmpty()) byServlet.add(name);
        }
        List<String> chain = new ArrayList<>(byUrl);
        chain.addAll(byServlet);
        int ours = -1;
        for (int i = 0; i < chain.size() && ours < 0; i++) {
            if (isWsgate(chain.get(i), wsgate, classes)) ours = i;
        }
        if (ours < 0) return List.of();
        Set<String> after = new LinkedHashSet<>();
        for (String name : chain.subList(ours + 1, chain.size())) {
            if (!isWsgate(name, wsgate, classes)) after.add(name);
        }
        return List.copyOf(after);
    }

    static Document parse(InputStream webXml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        // Old web.xml files carry a DOCTYPE, so DTDs are tolerated but never fetched, and entities never expanded.
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setExpandEntityReferences(false);
        DocumentBuilder builder = factory.newDocumentBuilder();
        builder.setErrorHandler(null);
        return builder.parse(webXml);
    }

    private static boolean isWsgate(String name, String wsgate, Map<String, String> classes) {
        return name.equals(wsgate) || WsgateSettings.FILTER_CLASS.equals(classes.get(name));
    }

    /** No {@code <dispatcher>} means REQUEST only. */
    private static boolean forRequests(Element mapping) {
        List<Element> dispatchers = children(mapping, "dispatcher");
        return dispatchers.isEmpty() || dispatchers.stream().anyMatch(d -> "REQUEST".equals(d.getTextContent().trim()));
    }

    private static String text(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? "" : found.get(0).getTextContent().trim();
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element e && localName.equals(e.getLocalName() != null ? e.getLocalName() : e.getNodeName())) {
                found.add(e);
            }
        }
        return found;
    }
}
