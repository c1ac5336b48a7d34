package io.wsgate.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One selector thread of the load generator. Owns its connections outright: all their I/O, parsing and validation
 * happen here, and other threads reach them only through {@link #execute}. One direct read buffer is shared by all
 * its connections, since a connection keeps only a partial frame header (at most 13 bytes) between reads.
 */
final class Reactor implements Runnable {

    static final int READ_BUFFER_SIZE = 256 * 1024;

    private final int index;
    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<ClientConnection> connections = new ArrayList<>();
    private volatile boolean stopping;

    final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);
    final ByteBuffer[] gather = new ByteBuffer[64];
    /** Where connections inflate a received compressed message to compare it (one at a time on this thread). */
    private byte[] inflated = new byte[0];

    Reactor(int index) {
        this.index = index;
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this, "load-reactor-" + index);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** The inflate scratch, at least {@code size} bytes long. */
    byte[] inflateScratch(int size) {
        if (inflated.length < size) {
            inflated = new byte[size];
        }
        return inflated;
    }

    int index() {
        return index;
    }

    Selector selector() {
        return selector;
    }

    boolean inReactorThread() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on this reactor's thread, soon. */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    void track(ClientConnection connection) {
        connections.add(connection);
    }

    void untrack(ClientConnection connection) {
        connections.remove(connection);
    }

    /** The connections this reactor currently holds (only valid on the reactor thread). */
    List<ClientConnection> connections() {
        return connections;
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                selector.select(this::dispatch, 100);
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ClientConnection connection : List.copyOf(connections)) {
                connection.abort();
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // Shutting down.
            }
        }
    }

    private void dispatch(SelectionKey key) {
        ((ClientConnection) key.attachment()).onSelected(key);
    }

    /** Stops the loop, aborting every connection still open, and waits for the thread to end. */
    void stop() throws InterruptedException {
        stopping = true;
        selector.wakeup();
        thread.join(10_000);
    }
}
