package io.wsgate.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * Brokers of several hubs in one test: what one publishes reaches every node, the publisher included (as on Redis),
 * synchronously, unless the bus is cut.
 */
final class FakeBus {

    private final List<Broker.Node> nodes = new ArrayList<>();
    boolean cut;

    Broker broker() {
        return new Broker() {
            private Broker.Node node;

            @Override
            public void start(Node node) {
                this.node = node;
                nodes.add(node);
            }

            @Override
            public void publish(byte[] envelope) {
                if (cut) return;
                for (Broker.Node each : List.copyOf(nodes)) each.receive(envelope);
            }

            @Override
            public void close() { nodes.remove(node); }
        };
    }
}
