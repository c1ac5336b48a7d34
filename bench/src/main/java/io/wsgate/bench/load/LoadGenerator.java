package io.wsgate.bench.load;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The load generator: a few {@link Reactor} threads (connections spread round-robin) talking to one server.
 * Scenarios open connections through it, act on them in their {@link ConnectionHandler}, and close it when done.
 */
public final class LoadGenerator implements AutoCloseable {

    private final InetSocketAddress address;
    private final Reactor[] reactors;
    private final Errors errors;
    private final Handshakes handshakes;
    private final AtomicInteger ids = new AtomicInteger();
    private volatile boolean expectingDisconnects;
    // permessage-deflate: data messages received, their payload bytes on the wire and inflated.
    private final LongAdder messagesCompressed = new LongAdder();
    private final LongAdder messagesUncompressed = new LongAdder();
    private final LongAdder wireBytesReceived = new LongAdder();
    private final LongAdder payloadBytesReceived = new LongAdder();

    public LoadGenerator(InetSocketAddress address, int threads, Errors errors) {
        this(address, threads, errors, null);
    }

    /** @param extensions offered in every handshake (the server must accept permessage-deflate), or null */
    public LoadGenerator(InetSocketAddress address, int threads, Errors errors, String extensions) {
        this(address, "/echo", threads, errors, extensions);
    }

    /** @param path the endpoint's path on the server ({@code /echo} for every scenario but cluster) */
    public LoadGenerator(InetSocketAddress address, String path, int threads, Errors errors, String extensions) {
        this.address = address;
        this.errors = errors;
        this.handshakes = new Handshakes(address.getHostString(), address.getPort(), path, extensions);
        this.reactors = new Reactor[threads];
        for (int i = 0; i < threads; i++) {
            reactors[i] = new Reactor(i);
            reactors[i].start();
        }
    }

    public int threads() {
        return reactors.length;
    }

    Errors errors() {
        return errors;
    }

    Handshakes handshakes() {
        return handshakes;
    }

    boolean expectingDisconnects() {
        return expectingDisconnects;
    }

    /** One data message received with permessage-deflate negotiated: its payload size on the wire and inflated. */
    void countReceived(boolean compressed, int wireBytes, int payloadBytes) {
        (compressed ? messagesCompressed : messagesUncompressed).increment();
        wireBytesReceived.add(wireBytes);
        payloadBytesReceived.add(payloadBytes);
    }

    /** Payload bytes on the wire / inflated payload bytes, over every message received with deflate; NaN if none. */
    public double receivedCompressionRatio() {
        long payload = payloadBytesReceived.sum();
        return payload == 0 ? Double.NaN : (double) wireBytesReceived.sum() / payload;
    }

    /** Share of the data messages received with deflate negotiated that came compressed (RSV1); NaN if none. */
    public double receivedCompressedShare() {
        long compressed = messagesCompressed.sum();
        long all = compressed + messagesUncompressed.sum();
        return all == 0 ? Double.NaN : (double) compressed / all;
    }

    /** From now on, connections ending without a close handshake are not errors (the run is being torn down). */
    public void expectDisconnects() {
        expectingDisconnects = true;
    }

    /** Runs {@code task} on reactor {@code index}'s thread. */
    void execute(int index, Runnable task) {
        reactors[index].execute(task);
    }

    /** Starts one connection on the next reactor; safe from any thread. */
    public ClientConnection connect(ConnectionHandler handler) {
        int id = ids.getAndIncrement();
        Reactor reactor = reactors[id % reactors.length];
        ClientConnection connection = new ClientConnection(this, reactor, id, handler);
        if (reactor.inReactorThread()) {
            connection.connect(address);
        } else {
            reactor.execute(() -> connection.connect(address));
        }
        return connection;
    }

    /**
     * Opens {@code count} connections with at most {@code maxPending} handshakes in flight (a burst of thousands would
     * only overflow the server's accept backlog) and waits until each has opened or failed. Returns the open ones.
     */
    public List<ClientConnection> openAll(int count, int maxPending, ConnectionHandler handler, Duration timeout)
            throws InterruptedException {
        Semaphore pending = new Semaphore(maxPending);
        CountDownLatch settled = new CountDownLatch(count);
        List<ClientConnection> connections = new ArrayList<>(count);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < count; i++) {
            if (!pending.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            int id = ids.getAndIncrement();
            Reactor reactor = reactors[id % reactors.length];
            ClientConnection connection = new ClientConnection(this, reactor, id, handler);
            connection.onSettled(() -> {
                pending.release();
                settled.countDown();
            });
            connections.add(connection);
            reactor.execute(() -> connection.connect(address));
        }
        if (!settled.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            errors.add("only " + (count - settled.getCount()) + " of " + count + " connections settled within "
                    + timeout);
        }
        List<ClientConnection> open = new ArrayList<>(count);
        forEach(connections, c -> { }); // a barrier: every reactor has run everything queued so far
        for (ClientConnection connection : connections) {
            if (connection.isOpen()) {
                open.add(connection);
            }
        }
        return open;
    }

    /** Runs {@code action} for each of {@code connections} on its own reactor thread, and waits until all have run. */
    public void forEach(List<ClientConnection> connections, Consumer<ClientConnection> action)
            throws InterruptedException {
        List<List<ClientConnection>> byReactor = new ArrayList<>();
        for (int i = 0; i < reactors.length; i++) {
            byReactor.add(new ArrayList<>());
        }
        for (ClientConnection connection : connections) {
            byReactor.get(connection.reactorIndex()).add(connection);
        }
        CountDownLatch done = new CountDownLatch(reactors.length);
        for (int i = 0; i < reactors.length; i++) {
            List<ClientConnection> mine = byReactor.get(i);
            reactors[i].execute(() -> {
                try {
                    for (ClientConnection connection : mine) {
                        action.accept(connection);
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        if (!done.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("reactors did not run a task within 60 s");
        }
    }

    /** Counts the connections, over all reactors, that are not yet closed or still expect messages. */
    public int[] census() throws InterruptedException {
        int[] counts = new int[2];
        CountDownLatch done = new CountDownLatch(reactors.length);
        for (Reactor reactor : reactors) {
            reactor.execute(() -> {
                synchronized (counts) {
                    for (ClientConnection connection : reactor.connections()) {
                        counts[0]++;
                        counts[1] += connection.expectedCount();
                    }
                }
                done.countDown();
            });
        }
        done.await(60, TimeUnit.SECONDS);
        synchronized (counts) {
            return counts.clone();
        }
    }

    /**
     * Waits until no connection expects a message any more; returns false (and counts an error) on timeout.
     */
    public boolean awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int[] census = census();
            if (census[1] == 0) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                errors.add(census[1] + " expected messages never arrived (within " + timeout + " after the end)");
                return false;
            }
            Thread.sleep(20);
        }
    }

    /** Starts the close handshake on every open connection and waits until all are closed (errors on timeout). */
    public void closeAll(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Reactor reactor : reactors) {
            reactor.execute(() -> {
                for (ClientConnection connection : List.copyOf(reactor.connections())) {
                    connection.close();
                }
            });
        }
        while (true) {
            int open = census()[0];
            if (open == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                errors.add(open + " connections did not finish the close handshake within " + timeout);
                return;
            }
            Thread.sleep(20);
        }
    }

    /** Stops all reactors, dropping whatever connections remain (not counted as errors). */
    @Override
    public void close() throws InterruptedException {
        expectingDisconnects = true;
        for (Reactor reactor : reactors) {
            reactor.stop();
        }
    }
}
