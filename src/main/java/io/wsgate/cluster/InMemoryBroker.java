package io.wsgate.cluster;

/** One node and no other: nothing to carry. The default when no broker is installed. */
public final class InMemoryBroker implements Broker {

    @Override
    public void start(Node node) {}

    @Override
    public void publish(byte[] envelope) {}

    @Override
    public boolean distributed() { return false; }

    @Override
    public void close() {}
}
