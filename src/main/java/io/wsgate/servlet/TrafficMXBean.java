package io.wsgate.servlet;

import java.util.Map;

/**
 * The traffic figures an application and each of its endpoints show over JMX (see {@link ApplicationMXBean} and
 * {@link EndpointMXBean}). Every type here is a JDK type, so JConsole, {@code jcmd} or any JMX client reads them
 * without wsgate's classes. Counts start at 0 when the application starts.
 */
public interface TrafficMXBean {

    /** WebSocket connections open now. */
    int getOpenSessions();

    /** Connections opened since the application started. */
    long getSessionsOpened();

    /** Connections closed since the application started. */
    long getSessionsClosed();

    /**
     * How many connections ended with each close code (the code the endpoint was told: 1000 normal, 1001 going
     * away, 1006 dropped without a close frame, ...), keyed by the code in decimal.
     */
    Map<String, Long> getCloseCodes();

    /** Text and binary messages received whole (pings, pongs and close frames are not counted). */
    long getMessagesIn();

    /** Text and binary messages written to the network (their last frame written). */
    long getMessagesOut();

    /** Bytes read from the network after the handshake: frames with their headers, control frames included. */
    long getBytesIn();

    /** Bytes written to the network after the handshake: frames with their headers, control frames included. */
    long getBytesOut();

    /** What the outbound queues of the open connections hold now, as charged against {@code maxOutboundBytes}. */
    long getOutboundBytesQueued();

    /** Sends refused because they did not fit under the outbound bound ({@code maxOutboundBytes}). */
    long getSendsRefusedByOutboundBound();

    /** Payload bytes of outgoing messages before permessage-deflate; 0 while compression is not in use. */
    long getBytesBeforeCompressionOut();

    /** The same payloads after compression; 0 while compression is not in use. */
    long getBytesAfterCompressionOut();

    /** Compressed payload bytes of incoming messages; 0 while compression is not in use. */
    long getBytesBeforeInflationIn();

    /** The same payloads after inflation; 0 while compression is not in use. */
    long getBytesAfterInflationIn();
}
