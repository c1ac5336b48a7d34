package io.wsgate.servlet;

/**
 * One endpoint's WebSocket figures over JMX, named
 * {@code io.wsgate:type=Endpoint,context=/app,path="/rooms/{room}"}: one per path template (a Jakarta
 * {@code @ServerEndpoint} value, an engine route's path), never one per concrete path.
 */
public interface EndpointMXBean extends TrafficMXBean {

    /** The context path of the application the endpoint belongs to. */
    String getContextPath();

    /** The endpoint's path template, as deployed. */
    String getPath();
}
